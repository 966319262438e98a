using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseHub.Cases.Features.Demo;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using Npgsql;

/// <summary>
/// Intake over HTTP (issue 3, section 9): the real CaseHub.Web as a child process on PostgreSQL with the demo city
/// seeded, and N demo complaints posted to <c>POST /api/cases</c> by several concurrent clients. Each case is created,
/// classified, located, auto-dispatched by the responsibility rules and left waiting on the department's Handle task,
/// all in the request. The baseline in the same run is pgbench's TPC-B on the same server (scale 10, in its own
/// database, while the app is stopped).
/// </summary>
internal static partial class IntakeBenchmark
{
    public static async Task<int> RunAsync(int count, int warmup, int clients, string connection, string? webDll, string? pgbench, int pgbenchSeconds, bool floor)
    {
        webDll ??= FindWebDll();
        pgbench ??= FindPgbench();
        Console.WriteLine($"# Intake benchmark: PostgreSQL, {count:N0} cases, {clients} clients, machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();

        var complaints = new DemoComplaints(new DemoCity(), LeafItems(), seed: 7);
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        // The duplicate check runs in full (the box query, distance and text similarity for every candidate) but flags
        // nothing: 30,000 demo complaints in one 72-hour window over a small city would otherwise send about a quarter
        // of them to manual dispatch as probable duplicates, and the benchmark is of the auto-dispatch path.
        var results = new List<PathResult>
        {
            await MeasureAsync("the issue's path", new Dictionary<string, string> { ["Duplicates__MinSimilarity"] = "1.01" }, $"BENCH-{run}-"),
        };
        // The floor: the same requests, validation, external-id check, tracking number and case row, but no workflow.
        // It is what HTTP, EF Core and the case table's indexes cost before any locating, dispatching or clock.
        if (floor)
            results.Add(await MeasureAsync("case row only, no workflow (floor)", new Dictionary<string, string> { ["Intake__DefaultWorkflow"] = "" }, $"FLOOR-{run}-"));

        var tps = await RunPgbenchAsync(pgbench, connection, clients, pgbenchSeconds);
        Console.WriteLine();
        Console.WriteLine("| path | clients | cases | intake cases/s | p50 / p95 / p99 ms | measured cases auto-dispatched, waiting on Handle | CPU per case: app / PostgreSQL / clients ms | machine busy | pgbench TPC-B tps (-s 10, -c " + clients + " -j 2) | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Path} | {clients} | {count:N0} | {r.PerSecond:N0} | {Percentile(r.Latencies, 0.50):F1} / {Percentile(r.Latencies, 0.95):F1} / {Percentile(r.Latencies, 0.99):F1} | {r.Outcome} | " +
                $"{r.Cpu.App.TotalMilliseconds / count:F2} / {r.Cpu.Postgres.TotalMilliseconds / count:F2} / {r.Cpu.Clients.TotalMilliseconds / count:F2} | {r.Cpu.MachineBusyShare(r.Elapsed):P0} | {tps:N0} | {r.PerSecond / tps:F2} |");
        }
        return 0;

        async Task<PathResult> MeasureAsync(string path, Dictionary<string, string> settings, string prefix)
        {
            var port = FreePort();
            using var app = StartWeb(webDll, connection, port, settings);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Add("X-CaseHub-User", "hotline");
            var startup = Stopwatch.StartNew();
            await WaitHealthyAsync(http, app, TimeSpan.FromMinutes(3));
            Console.WriteLine($"{path}: app started (migrated, workflows imported, demo city seeded) in {startup.Elapsed.TotalSeconds:F1} s");

            var requests = Enumerable.Range(0, warmup + count).Select(i => Request(complaints, $"{prefix}{(i < warmup ? "W" : "M")}{i:D7}")).ToArray();
            // Warm-up, not measured: JIT and tiered re-compilation, connection pools, the classifier's and locator's indexes.
            // Steady state, as a server runs for days. With both cores saturated the tiered compiler's background thread gets
            // little CPU: after 6,000 cases it still took 15 % of the app's CPU, and its code was not yet fully optimised;
            // after 20,000 (the default) it is idle.
            var (warmupElapsed, _) = await PostAllAsync(http, new ArraySegment<IntakeRequest>(requests, 0, warmup), clients);
            Console.WriteLine($"{path}: warm-up {warmup:N0} cases at {warmup / warmupElapsed.TotalSeconds:N0} cases/s (not counted)");
            var cpuBefore = CpuSample.Take(app);
            var (elapsed, latencies) = await PostAllAsync(http, new ArraySegment<IntakeRequest>(requests, warmup, count), clients);
            var cpu = CpuSample.Take(app) - cpuBefore;
            Array.Sort(latencies);
            var outcome = await OutcomeAsync(connection, $"{prefix}M");
            await StopAsync(app);
            return new PathResult(path, count / elapsed.TotalSeconds, latencies, outcome, cpu, elapsed);
        }
    }

    private sealed record PathResult(string Path, double PerSecond, double[] Latencies, string Outcome, CpuSample Cpu, TimeSpan Elapsed);

    private static IntakeRequest Request(DemoComplaints complaints, string externalId)
    {
        var complaint = complaints.Next();
        // The standard 接诉即办 flow: hotline or app complaints (an enquiry would go to the hotline's own flow).
        var kind = complaint.Kind == CaseKind.Enquiry ? CaseKind.Complaint : complaint.Kind;
        var channel = complaint.Channel is Channel.Hotline or Channel.CitizenApp ? complaint.Channel : Channel.Hotline;
        return (complaint with { Kind = kind, Channel = channel }).ToRequest(externalId, null);
    }

    private static async Task<(TimeSpan Elapsed, double[] Latencies)> PostAllAsync(HttpClient http, ArraySegment<IntakeRequest> requests, int clients)
    {
        var latencies = new double[requests.Count];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests.Count)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.PostAsJsonAsync("/api/cases", requests[i], JsonSerializerOptions.Web);
                latencies[i] = watch.Elapsed.TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"POST /api/cases gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        })));
        return (total.Elapsed, latencies);
    }

    /// <summary>How many of the run's cases ended dispatched with an open Handle task for a department, as "n of N".</summary>
    private static async Task<string> OutcomeAsync(string connection, string prefix)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE c.status = @dispatched AND EXISTS (SELECT 1 FROM human_tasks t WHERE t.instance_id = c.workflow_instance_id " +
            "AND t.status = 0 AND t.activity_type = 'CaseHub.Handle' AND t.candidate_group LIKE 'dept:%')), count(*) FROM cases c WHERE c.external_id LIKE @prefix", db);
        command.Parameters.AddWithValue("dispatched", (int)CaseStatus.Dispatched);
        command.Parameters.AddWithValue("prefix", prefix + "%");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"{reader.GetInt64(0):N0} of {reader.GetInt64(1):N0}";
    }

    private static async Task<double> RunPgbenchAsync(string pgbench, string connection, int clients, int seconds)
    {
        var builder = new NpgsqlConnectionStringBuilder(connection);
        var database = $"{builder.Database}_pgbench";
        await AsAdminAsync(connection, $"DROP DATABASE IF EXISTS \"{database}\"", $"CREATE DATABASE \"{database}\"");
        string[] server = ["-h", builder.Host ?? "127.0.0.1", "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username ?? "postgres"];
        await RunAsync(pgbench, [.. server, "-i", "-q", "-s", "10", database], builder.Password);
        // The intake run and pgbench's own load leave dirty pages behind; a checkpoint falling inside the 20 s would
        // make the baseline swing (2,458 to 3,393 tps in runs of one day).
        await AsAdminAsync(connection, "CHECKPOINT");
        var output = await RunAsync(pgbench, [.. server, "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture), database], builder.Password);
        var match = TpsPattern().Match(output);
        if (!match.Success)
            throw new InvalidOperationException($"pgbench printed no tps:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Runs each statement on the server's <c>postgres</c> database, outside any pool.</summary>
    private static async Task AsAdminAsync(string connection, params string[] statements)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        foreach (var statement in statements)
            await new NpgsqlCommand(statement, admin).ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsPattern();

    private static async Task<string> RunAsync(string file, string[] arguments, string? password)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        if (password is not null)
            start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await stderr}");
        return await stdout + await stderr;
    }

    internal static Process StartWeb(string webDll, string connection, int port, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { webDll },
            WorkingDirectory = Path.GetDirectoryName(webDll)!, // its appsettings.json: the Intake:Workflows defaults
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__CaseHub"] = connection;
        start.Environment["Demo__Seed"] = "true";
        start.Environment["Demo__Cases"] = "0"; // the city, items and staff; the benchmark brings the cases
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["Auth__DevHeader"] = "true"; // the clients name demo staff in the X-CaseHub-User header
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && (line.Contains("ERR", StringComparison.Ordinal) || line.Contains("FTL", StringComparison.Ordinal))) Console.Error.WriteLine($"app: {line}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"app: {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitHealthyAsync(HttpClient http, Process app, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (app.HasExited)
                throw new InvalidOperationException($"CaseHub.Web exited with {app.ExitCode} before it was healthy.");
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("CaseHub.Web did not become healthy.");
    }

    internal static async Task StopAsync(Process app)
    {
        if (app.HasExited)
            return;
        app.Kill(entireProcessTree: true);
        await app.WaitForExitAsync();
    }

    private static List<DemoItem> LeafItems()
    {
        var items = JsonDocument.Parse(SeedItems.Json()).RootElement.EnumerateArray().ToList();
        var parents = items.Where(i => i.TryGetProperty("parentCode", out _)).Select(i => i.GetProperty("parentCode").GetString()).ToHashSet();
        return [.. items.Where(i => !parents.Contains(i.GetProperty("code").GetString())).Select(i => new DemoItem(
            i.GetProperty("code").GetString()!, i.GetProperty("nameZh").GetString()!,
            i.TryGetProperty("keywords", out var k) ? [.. k.EnumerateArray().Select(x => x.GetString()!)] : [],
            i.TryGetProperty("kinds", out var kinds) ? [.. kinds.EnumerateArray().Select(x => Enum.Parse<CaseKind>(x.GetString()!))] : []))];
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string FindWebDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var candidate = Path.Combine(dir.FullName, "src", "CaseHub.Web", "bin", configuration, "net10.0", "CaseHub.Web.dll");
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        throw new FileNotFoundException("CaseHub.Web.dll not found; build src/CaseHub.Web (Release) or pass --web.");
    }

    private static string FindPgbench()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(p => Path.Combine(p, "pgbench")).FirstOrDefault(File.Exists);
        return onPath ?? Directory.EnumerateFiles("/usr/lib/postgresql", "pgbench", SearchOption.AllDirectories).OrderDescending().FirstOrDefault()
            ?? throw new FileNotFoundException("pgbench not found; install postgresql-contrib or pass --pgbench.");
    }
}

/// <summary>CPU time used so far by the app, by every PostgreSQL process and by this process, and by the whole machine (from /proc).</summary>
internal readonly record struct CpuSample(TimeSpan App, TimeSpan Postgres, TimeSpan Clients, TimeSpan MachineBusy)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static CpuSample Take(Process app)
    {
        app.Refresh();
        var postgres = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "postgres")
                    postgres += ProcessTicks(File.ReadAllText(Path.Combine(dir, "stat")));
            }
            catch (IOException) { } // gone meanwhile
            catch (UnauthorizedAccessException) { }
        }
        var machine = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var busy = machine.Sum() - machine[3] - machine[4]; // all but idle and iowait
        return new CpuSample(app.TotalProcessorTime, Seconds(postgres), Process.GetCurrentProcess().TotalProcessorTime, Seconds(busy));
    }

    public static CpuSample operator -(CpuSample a, CpuSample b) =>
        new(a.App - b.App, a.Postgres - b.Postgres, a.Clients - b.Clients, a.MachineBusy - b.MachineBusy);

    public double MachineBusyShare(TimeSpan elapsed) => MachineBusy / (elapsed * Environment.ProcessorCount);

    // Fields after the ")" that ends the command name: state is the 1st, utime the 12th and stime the 13th.
    private static long ProcessTicks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static TimeSpan Seconds(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);
}
