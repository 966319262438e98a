using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Items;

public static class ItemsSetup
{
    /// <summary>The item list: import (scoped) and the classifier with its in-memory index (singleton).</summary>
    public static IServiceCollection AddItems(this IServiceCollection services)
    {
        services.AddSingleton<ItemClassifier>();
        services.AddScoped<ItemListImport>();
        return services;
    }
}
