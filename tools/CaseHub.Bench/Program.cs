using System.Diagnostics;
using System.Globalization;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features;
using CaseHub.Workflows;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using CaseHub.Workflows.Timers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

// Engine benchmark: N instances of workflows/approval-with-timeout.json (6 activities: start, fork,
// human task, 2-day timer, WaitAny join, finish). Each instance is started (one transaction: instance,
// task, timer, journal) and its task completed (one transaction: task, instance, timer cancelled,
// journal), as two separate requests would. The baseline in the same run is the same number of
// single-row INSERT+COMMIT transactions on the same database with the same number of clients.
//
//   dotnet run -c Release --project tools/CaseHub.Bench -- --provider Postgres --connection "Host=..." --instances 10000 --clients 1,8
//
// Point-in-grid benchmark (in memory, no database), see LocateBenchmark.cs:
//
//   dotnet run -c Release --project tools/CaseHub.Bench -- --locate 10000 [--lookups 100000]
//
// Intake over HTTP on PostgreSQL with the demo city, next to pgbench TPC-B on the same server, see IntakeBenchmark.cs:
//
//   dotnet run -c Release --project tools/CaseHub.Bench -- --intake 5000 --connection "Host=..." [--warmup 20000] [--clients 8] [--web CaseHub.Web.dll] [--pgbench path] [--pgbench-seconds 20]
//       [--floor true]   also the same requests with no workflow: only the case row, the floor under the issue's path

// Supervision at scale: N open cases with clocks and card timers, D card timers due at once, board and ranking queries
// (see SupervisionBenchmark.cs):
//
//   dotnet run -c Release --project tools/CaseHub.Bench -- --supervision 1000000 --due 100000 --connection "Host=..." [--workers 2] [--batch 200] [--web CaseHub.Web.dll]
//       [--generate 1000000]   generate this many cases and copy them (fresh ids and tracking numbers) up to --supervision
//       --due 0                skips the card timers and their firing: only the query timings
//       --seed false           measures against the cases an earlier run left in the same database (with --due 0)

// The designer (issue 6): a workflow of N activities opens and is fully drawn in headless Chromium, next to a 5-activity one:
//
//   dotnet run -c Release --project tools/CaseHub.Bench -- --designer 200 [--runs 10] [--trace true] [--web CaseHub.Web.dll]
//       [--compare path/to/wwwroot]   another client build, measured in the same run, its loads taking turns with this build's
//       [--profile trace.json]        a Chromium performance trace of one more load of the large workflow

var arguments = ParseArguments(args);
if (arguments.TryGetValue("designer", out var designerActivities))
    return await DesignerBenchmark.RunAsync(int.Parse(designerActivities, CultureInfo.InvariantCulture),
        int.Parse(arguments.GetValueOrDefault("runs", "10"), CultureInfo.InvariantCulture), arguments.GetValueOrDefault("web"),
        bool.Parse(arguments.GetValueOrDefault("trace", "false")), arguments.GetValueOrDefault("compare"), arguments.GetValueOrDefault("profile"));
if (arguments.TryGetValue("locate", out var locateGrids))
    return LocateBenchmark.Run(int.Parse(locateGrids, CultureInfo.InvariantCulture), int.Parse(arguments.GetValueOrDefault("lookups", "100000"), CultureInfo.InvariantCulture));
if (arguments.TryGetValue("supervision", out var openCases))
{
    return await SupervisionBenchmark.RunAsync(int.Parse(openCases, CultureInfo.InvariantCulture),
        int.Parse(arguments.GetValueOrDefault("due", "100000"), CultureInfo.InvariantCulture),
        int.Parse(arguments.GetValueOrDefault("workers", "2"), CultureInfo.InvariantCulture),
        int.Parse(arguments.GetValueOrDefault("batch", "200"), CultureInfo.InvariantCulture),
        arguments.GetValueOrDefault("connection") ?? throw new ArgumentException("--supervision needs --connection to a PostgreSQL database."),
        arguments.GetValueOrDefault("web"),
        arguments.TryGetValue("generate", out var generate) ? int.Parse(generate, CultureInfo.InvariantCulture) : null,
        bool.Parse(arguments.GetValueOrDefault("seed", "true")));
}
if (arguments.TryGetValue("intake", out var intakeCases))
{
    return await IntakeBenchmark.RunAsync(int.Parse(intakeCases, CultureInfo.InvariantCulture),
        int.Parse(arguments.GetValueOrDefault("warmup", "20000"), CultureInfo.InvariantCulture),
        int.Parse(arguments.GetValueOrDefault("clients", "8"), CultureInfo.InvariantCulture),
        arguments.GetValueOrDefault("connection") ?? throw new ArgumentException("--intake needs --connection to a PostgreSQL database."),
        arguments.GetValueOrDefault("web"), arguments.GetValueOrDefault("pgbench"),
        int.Parse(arguments.GetValueOrDefault("pgbench-seconds", "20"), CultureInfo.InvariantCulture),
        bool.Parse(arguments.GetValueOrDefault("floor", "false")));
}
var provider = Enum.Parse<DatabaseProvider>(arguments.GetValueOrDefault("provider", "Sqlite"), ignoreCase: true);
var connection = arguments.GetValueOrDefault("connection", provider == DatabaseProvider.Sqlite ? $"Data Source={Path.Combine(Path.GetTempPath(), $"casehub-bench-{Environment.ProcessId}.db")}" : "");
var instances = int.Parse(arguments.GetValueOrDefault("instances", "10000"), CultureInfo.InvariantCulture);
var clientCounts = arguments.GetValueOrDefault("clients", "1,8").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
var timers = int.Parse(arguments.GetValueOrDefault("timers", "0"), CultureInfo.InvariantCulture);

using var host = BuildHost(provider, connection);
await PrepareAsync(host.Services);
Console.WriteLine($"# Engine benchmark: {provider}, {instances:N0} instances, machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine();
Console.WriteLine("| clients | engine instances/s | start p50 / p95 ms | complete p50 / p95 ms | baseline commits/s | commit p50 / p95 ms | ratio |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
foreach (var clients in clientCounts)
{
    var engine = await RunEngineAsync(host.Services, instances, clients);
    var baseline = await RunBaselineAsync(provider, connection, instances, clients);
    Console.WriteLine($"| {clients} | {engine.PerSecond:N0} | {engine.A.P50:F2} / {engine.A.P95:F2} | {engine.B.P50:F2} / {engine.B.P95:F2} | {baseline.PerSecond:N0} | {baseline.A.P50:F2} / {baseline.A.P95:F2} | {engine.PerSecond / baseline.PerSecond:F2} |");
}
if (timers > 0)
{
    var lateness = await RunTimerLatencyAsync(host.Services, timers);
    Console.WriteLine();
    Console.WriteLine($"Timer promptness, {timers} one-second delays fired by one idle worker polling every {new TimerOptions().PollInterval.TotalMilliseconds:F0} ms:");
    Console.WriteLine($"late by p50 {lateness.P50:F0} ms, p95 {lateness.P95:F0} ms, max {lateness.Max:F0} ms after the due time");
}
if (provider == DatabaseProvider.Sqlite)
{
    SqliteConnection.ClearAllPools();
    foreach (var file in Directory.EnumerateFiles(Path.GetTempPath(), $"casehub-bench-{Environment.ProcessId}.db*"))
        File.Delete(file);
}
return 0;

static IHost BuildHost(DatabaseProvider provider, string connection)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = provider.ToString(),
        ["ConnectionStrings:CaseHub"] = connection,
    });
    builder.Logging.ClearProviders();
    builder.AddCaseHubData();
    builder.Services.AddCaseWorkflows(builder.Configuration);
    return builder.Build();
}

static async Task PrepareAsync(IServiceProvider services)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
    await db.Database.MigrateAsync();
    var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>();
    await definitions.ImportPublishedAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", "approval-with-timeout.json")), "bench", default);
    await db.SaveChangesAsync();
}

static async Task<Result> RunEngineAsync(IServiceProvider services, int count, int clients)
{
    WorkflowDefinitionVersion version;
    await using (var scope = services.CreateAsyncScope())
        version = await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>().FindPublishedAsync("approval-with-timeout", null, default)
            ?? throw new InvalidOperationException("approval-with-timeout is not published.");

    var starts = new double[count];
    var completes = new double[count];
    var next = -1;
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            Guid taskId;
            var watch = Stopwatch.StartNew();
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
                await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(version, null, $"bench-{i}", "bench");
                await db.SaveChangesAsync();
                taskId = db.ChangeTracker.Entries<HumanTask>().Single().Entity.Id;
            }
            starts[i] = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
                await scope.ServiceProvider.GetRequiredService<HumanTaskService>().CompleteAsync(taskId, "Approved", null, "bench", default);
                await db.SaveChangesAsync();
                var instance = db.ChangeTracker.Entries<WorkflowInstance>().Single().Entity;
                if (instance.Status != WorkflowStatus.Finished)
                    throw new InvalidOperationException($"Instance {instance.Id} is {instance.Status}, expected Finished.");
            }
            completes[i] = watch.Elapsed.TotalMilliseconds;
        }
    }))).ConfigureAwait(false);
    return new Result(count / total.Elapsed.TotalSeconds, Percentiles.Of(starts), Percentiles.Of(completes));
}

// Starts instances whose one-second Delay falls due while a worker loop like the host's polls for due
// timers; lateness is the gap between a timer's due time and the journal entry of its resumption.
static async Task<Percentiles> RunTimerLatencyAsync(IServiceProvider services, int count)
{
    var flow = """
        {"definitionId":"bench-delay","name":"bench-delay","root":{"type":"Elsa.Flowchart","id":"root","activities":[
          {"id":"start","type":"Elsa.Start"},
          {"id":"wait","type":"Elsa.Delay","timeSpan":{"typeName":"TimeSpan","expression":{"type":"Literal","value":"00:00:01"}}},
          {"id":"end","type":"Elsa.End"}],
         "connections":[{"source":{"activity":"start","port":"Done"},"target":{"activity":"wait","port":"In"}},
                        {"source":{"activity":"wait","port":"Done"},"target":{"activity":"end","port":"In"}}]}}
        """;
    await using (var scope = services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>().ImportPublishedAsync(flow, "bench", default);
        await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().SaveChangesAsync();
    }
    using var stop = new CancellationTokenSource();
    var dispatcher = services.GetRequiredService<TimerDispatcher>();
    var poll = new TimerOptions().PollInterval;
    var worker = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            if (await dispatcher.FireDueAsync() == 0)
                await Task.Delay(poll).ConfigureAwait(false);
        }
    });
    var ids = new List<Guid>();
    for (var i = 0; i < count; i++)
    {
        await using var scope = services.CreateAsyncScope();
        ids.Add((await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync("bench-delay")).Id);
        await scope.ServiceProvider.GetRequiredService<CaseHubDbContext>().SaveChangesAsync();
        await Task.Delay(10); // spread due times across the poll interval
    }
    List<double> late;
    while (true)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CaseHubDbContext>();
        var rows = await db.Set<WorkflowJournalEntry>().AsNoTracking()
            .Where(j => ids.Contains(j.InstanceId) && j.ActivityId == "wait")
            .Select(j => new { j.InstanceId, j.Event, j.StartedAt })
            .ToListAsync();
        var resumed = rows.Where(r => r.Event == JournalEvent.Resumed).ToDictionary(r => r.InstanceId, r => r.StartedAt);
        if (resumed.Count == count)
        {
            late = [.. rows.Where(r => r.Event == JournalEvent.Waiting).Select(r => (resumed[r.InstanceId] - (r.StartedAt + TimeSpan.FromSeconds(1))).TotalMilliseconds)];
            break;
        }
        await Task.Delay(200);
    }
    await stop.CancelAsync();
    await worker;
    return Percentiles.Of([.. late]);
}

static async Task<Result> RunBaselineAsync(DatabaseProvider provider, string connection, int count, int clients)
{
    var table = "bench_commit_baseline";
    await ExecuteAsync(provider, connection, $"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (id {(provider == DatabaseProvider.Postgres ? "uuid" : "TEXT")} PRIMARY KEY, payload TEXT NOT NULL)");
    var latencies = new double[count];
    var next = -1;
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var watch = Stopwatch.StartNew();
            await using var db = Open(provider, connection);
            await db.OpenAsync();
            await using var transaction = await db.BeginTransactionAsync();
            await using var command = db.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {table} (id, payload) VALUES (@id, @payload)";
            var id = command.CreateParameter();
            id.ParameterName = "id";
            id.Value = provider == DatabaseProvider.Postgres ? Guid.NewGuid() : Guid.NewGuid().ToString();
            command.Parameters.Add(id);
            var payload = command.CreateParameter();
            payload.ParameterName = "payload";
            payload.Value = "baseline";
            command.Parameters.Add(payload);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            latencies[i] = watch.Elapsed.TotalMilliseconds;
        }
    }))).ConfigureAwait(false);
    var result = new Result(count / total.Elapsed.TotalSeconds, Percentiles.Of(latencies), Percentiles.Of(latencies));
    await ExecuteAsync(provider, connection, $"DROP TABLE {table}");
    return result;
}

static System.Data.Common.DbConnection Open(DatabaseProvider provider, string connection) =>
    provider == DatabaseProvider.Postgres ? new NpgsqlConnection(connection) : new SqliteConnection(connection);

static async Task ExecuteAsync(DatabaseProvider provider, string connection, string sql)
{
    await using var db = Open(provider, connection);
    await db.OpenAsync();
    await using var command = db.CreateCommand();
    command.CommandText = sql;
    await command.ExecuteNonQueryAsync();
}

static Dictionary<string, string> ParseArguments(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    for (var i = 0; i + 1 < args.Length; i += 2)
        result[args[i].TrimStart('-')] = args[i + 1];
    return result;
}

internal sealed record Result(double PerSecond, Percentiles A, Percentiles B);

internal sealed record Percentiles(double P50, double P95, double Max)
{
    public static Percentiles Of(double[] samples)
    {
        var sorted = samples.Order().ToArray();
        return new Percentiles(sorted[(int)(sorted.Length * 0.50)], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.95))], sorted[^1]);
    }
}
