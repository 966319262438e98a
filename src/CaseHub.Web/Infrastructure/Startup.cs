using CaseHub.Cases.Data;
using CaseHub.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Infrastructure;

public sealed class WorkflowFolderOptions
{
    /// <summary>Folder of shipped Elsa-3 definitions imported at start. Default: the <c>workflows</c> folder next to the app.</summary>
    public string? Folder { get; set; }
}

/// <summary>Brings the database to the current schema and imports shipped workflows, before the app takes requests.</summary>
internal static partial class Startup
{
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("CaseHub.Startup");
        if (scope.ServiceProvider.GetRequiredService<DatabaseOptions>().MigrateOnStartup)
            await DatabaseMigrator.MigrateAsync(db);
        await ImportWorkflowsAsync(scope.ServiceProvider, app.Configuration, logger);
        try
        {
            await CaseHub.Cases.Features.Demo.DemoSeeder.SeedOnFirstStartAsync(scope.ServiceProvider, app.Configuration);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Demo data is a convenience: the app still serves, with whatever the seeder got to write.
            LogDemoSeedFailed(logger, e);
        }
    }

    private static async Task ImportWorkflowsAsync(IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        var options = configuration.GetSection("Workflows").Get<WorkflowFolderOptions>() ?? new WorkflowFolderOptions();
        var folder = string.IsNullOrWhiteSpace(options.Folder) ? Path.Combine(AppContext.BaseDirectory, "workflows") : Path.GetFullPath(options.Folder);
        if (!Directory.Exists(folder))
        {
            LogNoFolder(logger, folder);
            return;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            await using var scope = services.CreateAsyncScope();
            var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>();
            var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
            try
            {
                var version = await definitions.ImportPublishedAsync(await File.ReadAllTextAsync(file), "system:import", CancellationToken.None);
                if (version is null)
                    continue;
                await db.SaveChangesAsync();
                LogImported(logger, Path.GetFileName(file), version.DefinitionId, version.Version);
            }
            catch (DbUpdateException)
            {
                // Another node imported the same file at the same moment; its version stands.
            }
            catch (Exception e) when (e is WorkflowValidationException or WorkflowFormatException or CaseHub.Workflows.InvalidRequestException)
            {
                LogImportFailed(logger, e, Path.GetFileName(file));
            }
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Imported workflow file {File} as {DefinitionId} v{Version}")]
    private static partial void LogImported(ILogger logger, string file, string definitionId, int version);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Workflow file {File} was not imported")]
    private static partial void LogImportFailed(ILogger logger, Exception error, string file);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Seeding the demo data failed")]
    private static partial void LogDemoSeedFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Workflow folder {Folder} does not exist; nothing imported")]
    private static partial void LogNoFolder(ILogger logger, string folder);
}
