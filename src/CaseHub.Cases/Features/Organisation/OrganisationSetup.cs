using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Organisation;

public static class OrganisationSetup
{
    /// <summary>The grid locator (a singleton holding the in-memory index), the imports, and <see cref="OrganisationOptions"/> from the <c>Organisation</c> section.</summary>
    public static IServiceCollection AddOrganisation(this IServiceCollection services)
    {
        services.AddOptions<OrganisationOptions>().Configure<IConfiguration>((options, configuration) => configuration.GetSection("Organisation").Bind(options))
            .Validate(o => o.LocatorMaxAge > TimeSpan.Zero, "Organisation:LocatorMaxAge must be positive.");
        services.AddSingleton<GridLocator>();
        services.AddScoped<OrgImport>();
        return services;
    }
}
