using CaseHub.Cases.Data;
using CaseHub.Cases.Features;
using CaseHub.Cases.Features.Demo;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// casehub export <definitionId> [--version N] [--out file.json]   writes a definition back to Elsa-3 JSON
// casehub import <file.json>...                                    imports files as published versions (skips unchanged ones)
// casehub validate <file.json>...                                  runs the publish validator; exit 1 on errors
// casehub seed --cases N [--seed S] [--batch B]                      the demo city if missing, then N cases straight into the table
//
// The database comes from the same configuration as the web host: Database__Provider and
// ConnectionStrings__CaseHub in the environment, or --provider / --connection.
const string usage = "usage: casehub export <definitionId> [--version N] [--out file] | import <file>... | validate <file>... | seed --cases N [--seed S] [--batch B] [--provider Sqlite|Postgres] [--connection ...]";
if (args.Length < 2 && !(args.Length == 1 && args[0] == "seed"))
{
    Console.Error.WriteLine(usage);
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
var positional = new List<string>();
for (var i = 1; i < args.Length; i++)
{
    if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
        options[args[i][2..]] = args[++i];
    else
        positional.Add(args[i]);
}

var builder = Host.CreateApplicationBuilder();
if (options.TryGetValue("provider", out var provider))
    builder.Configuration["Database:Provider"] = provider;
if (options.TryGetValue("connection", out var connection))
    builder.Configuration["ConnectionStrings:CaseHub"] = connection;
builder.Logging.ClearProviders();
builder.AddCaseHubData();
builder.Services.AddCaseWorkflows(builder.Configuration);
builder.Services.AddOrganisation();
builder.Services.AddItems();
using var host = builder.Build();
await using var scope = host.Services.CreateAsyncScope();
var services = scope.ServiceProvider;

switch (args[0])
{
    case "export":
    {
        var db = services.GetRequiredService<CaseHubDbContext>();
        int? version = options.TryGetValue("version", out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;
        var row = await db.Set<WorkflowDefinitionVersion>().AsNoTracking()
            .Where(d => d.DefinitionId == positional[0] && (version == null ? d.Status == DefinitionStatus.Published : d.Version == version))
            .OrderByDescending(d => d.Version)
            .FirstOrDefaultAsync();
        if (row is null)
        {
            Console.Error.WriteLine($"No {(version is null ? "published version" : $"version {version}")} of '{positional[0]}'.");
            return 1;
        }
        var text = WorkflowJson.Write(WorkflowJson.Parse(row.Json));
        if (options.TryGetValue("out", out var path))
            await File.WriteAllTextAsync(path, text + Environment.NewLine);
        else
            Console.WriteLine(text);
        return 0;
    }
    case "import":
    {
        var db = services.GetRequiredService<CaseHubDbContext>();
        await DatabaseMigrator.MigrateAsync(db);
        var definitions = services.GetRequiredService<WorkflowDefinitionService>();
        foreach (var file in positional)
        {
            var imported = await definitions.ImportPublishedAsync(await File.ReadAllTextAsync(file), "cli:import", default);
            await db.SaveChangesAsync();
            Console.WriteLine(imported is null ? $"{file}: unchanged" : $"{file}: imported as {imported.DefinitionId} v{imported.Version}");
        }
        return 0;
    }
    case "validate":
    {
        var validator = services.GetRequiredService<WorkflowValidator>();
        var failed = false;
        foreach (var file in positional)
        {
            IReadOnlyList<ValidationIssue> issues;
            try
            {
                issues = validator.Validate(WorkflowJson.Parse(await File.ReadAllTextAsync(file)));
            }
            catch (WorkflowFormatException e)
            {
                issues = [new ValidationIssue(IssueSeverity.Error, null, e.Path, e.Message)];
            }
            foreach (var issue in issues)
                Console.WriteLine($"{file}: {issue.Severity.ToString().ToLowerInvariant()}: {issue.ActivityId ?? "-"}.{issue.Field ?? "-"}: {issue.Message}");
            failed |= issues.Any(i => i.Severity == IssueSeverity.Error);
            if (issues.Count == 0)
                Console.WriteLine($"{file}: ok");
        }
        return failed ? 1 : 0;
    }
    case "seed":
    {
        var count = int.Parse(options.GetValueOrDefault("cases", "1000"), System.Globalization.CultureInfo.InvariantCulture);
        if (count is < 1 or > DemoBulkCases.MaxCases)
        {
            Console.Error.WriteLine($"--cases must be 1 to {DemoBulkCases.MaxCases:N0}.");
            return 2;
        }
        var db = services.GetRequiredService<CaseHubDbContext>();
        await DatabaseMigrator.MigrateAsync(db);
        if (!await db.Set<OrgUnit>().AnyAsync())
        {
            await DemoSeeder.SeedOrganisationAndItemsAsync(services, new DemoCity(), default);
            db.ChangeTracker.Clear();
            Console.WriteLine("Seeded the demo city 临江市: org tree, 300 grids, departments, item list with rules, staff.");
        }
        var seed = int.Parse(options.GetValueOrDefault("seed", "1"), System.Globalization.CultureInfo.InvariantCulture);
        var batch = int.Parse(options.GetValueOrDefault("batch", "20000"), System.Globalization.CultureInfo.InvariantCulture);
        var bulk = ActivatorUtilities.CreateInstance<DemoBulkCases>(services);
        var last = TimeSpan.Zero;
        var written = await bulk.SeedAsync(count, seed, batch, p =>
        {
            if (p.Written == p.Total || p.Elapsed - last >= TimeSpan.FromSeconds(2))
            {
                last = p.Elapsed;
                Console.WriteLine($"{p.Written,12:N0} / {p.Total:N0} cases  {p.RowsPerSecond,10:N0} rows/s  {p.Elapsed.TotalSeconds,7:F1} s");
            }
        }, default);
        Console.WriteLine($"Inserted {written:N0} cases.");
        return 0;
    }
    default:
        Console.Error.WriteLine(usage);
        return 2;
}
