using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Demo;
using CaseHub.Cases.Features.Supervision;
using Microsoft.EntityFrameworkCore;
using Npgsql;

/// <summary>
/// Supervision at scale (issue 4, section 10), on the real CaseHub.Web as a child process on PostgreSQL:
/// N open cases (bulk-seeded into the demo city), each with a running completion clock and its blue, yellow and
/// red card timers; then the yellow timers of D of them are moved to one instant a few seconds ahead, and the
/// benchmark measures from that instant until all D cards exist. Then it times the overdue board (which now holds
/// D overdue clocks) and the department ranking over a year of daily rollups built from the seeded cases.
/// The baseline in the same run is the server's own single-row insert rate: D one-row INSERT transactions at the
/// same concurrency, the floor any "one card per transaction" design would sit on.
/// </summary>
internal static class SupervisionBenchmark
{
    public static async Task<int> RunAsync(int cases, int due, int workers, int batch, string connection, string? webDll, int? generate = null, bool seed = true)
    {
        webDll ??= IntakeBenchmark.FindWebDll();
        Console.WriteLine($"# Supervision benchmark: PostgreSQL, {cases:N0} open cases, {due:N0} card timers due at once, " +
            $"{workers} timer loop(s) × batch {batch}, machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();

        var port = IntakeBenchmark.FreePort();
        var settings = new Dictionary<string, string> { ["Timers__Enabled"] = "false" };
        await WithServerAsync(webDll, connection, port, settings, _ => Task.CompletedTask); // migrates the database

        if (seed)
            await SeedAsync(connection, cases, due > 0, generate);
        else if (due > 0)
            throw new ArgumentException("--seed false measures the queries only; give --due 0.");
        else
            Console.WriteLine($"Measuring the {await CountCasesAsync(connection):N0} cases already in the database");

        settings = new Dictionary<string, string>
        {
            ["Timers__Enabled"] = "true",
            ["Timers__Workers"] = workers.ToString(CultureInfo.InvariantCulture),
            ["Timers__BatchSize"] = batch.ToString(CultureInfo.InvariantCulture),
            ["Assessment__WorkerEnabled"] = "false",
        };
        string? staleUrl = null, commonUrl = null, fewUrl = null;
        List<(string Label, string Url, string User)> listFilters = [];
        await WithServerAsync(webDll, connection, port, settings, async http =>
        {
            if (due > 0)
            {
                var (elapsed, issued) = await FireAtOnceAsync(connection, due);
                Console.WriteLine();
                Console.WriteLine("| open cases | card timers due at once | time until all cards exist | cards/s | target |");
                Console.WriteLine("|---:|---:|---:|---:|---:|");
                Console.WriteLine($"| {cases:N0} | {due:N0} | {elapsed.TotalSeconds:F1} s | {issued / elapsed.TotalSeconds:N0} | ≤ 60 s |");
            }

            var board = await TimeAsync(http, "/api/supervision/overdue?limit=100", 50);
            var boardByDepartment = await TimeAsync(http, $"/api/supervision/overdue?limit=100&departmentCode={await BusiestDepartmentAsync(connection)}", 50);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var ranking = await TimeAsync(http, $"/api/assessment/ranking?dimension=department&from={today.AddDays(-365):yyyy-MM-dd}&to={today:yyyy-MM-dd}&top=10", 50, "supervisor");
            var gridRanking = await TimeAsync(http, $"/api/assessment/metrics?dimension=grid&from={today.AddDays(-30):yyyy-MM-dd}&to={today:yyyy-MM-dd}", 20, "supervisor");
            // The workbench (issue 5): a page of the dispatcher's queue, a department's inbox, and the queue counts.
            var unmatched = await TimeAsync(http, "/api/cases?queue=unmatched&pageSize=50", 100);
            var inboxDepartment = await BusiestInboxAsync(connection);
            var inbox = await TimeAsync(http, $"/api/cases?departmentCode={inboxDepartment}&pageSize=50", 100, $"h.{inboxDepartment.ToLowerInvariant()}");
            var queueCounts = await TimeAsync(http, "/api/cases/queues", 100);
            // 案件查询: a caller's cases by phone (all time), and the searches the page runs over its 90-day default.
            var (phone, district, itemName) = await SearchSubjectsAsync(connection);
            var period = $"from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-89).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}";
            var byPhone = await TimeAsync(http, $"/api/cases/search?phone={phone}", 100);
            var newest = await TimeAsync(http, $"/api/cases/search?{period}", 50);
            commonUrl = $"/api/cases/search?q={Uri.EscapeDataString(itemName)}&{period}";
            var commonWord = await TimeAsync(http, commonUrl, 50);
            var filtered = await TimeAsync(http, $"/api/cases/search?status=Dispatched&unitCode={district}&{period}", 50);
            var missingWord = await TimeAsync(http, $"/api/cases/search?q={Uri.EscapeDataString("无此关键字")}&{period}", 10);
            // Keywords between those two: one a few hundred cases hold (read from the index), one just above the cap (walked).
            var (fewWord, fewCount, aboveWord, aboveCount, staleWord, staleCount) = await RarerKeywordsAsync(connection);
            fewUrl = fewWord is null ? null : $"/api/cases/search?q={Uri.EscapeDataString(fewWord)}&{period}";
            var few = fewUrl is null ? default : await TimeAsync(http, fewUrl, 50);
            var above = aboveWord is null ? default : await TimeAsync(http, $"/api/cases/search?q={Uri.EscapeDataString(aboveWord)}&{period}", 20);
            // The workbench lists filtered by a keyword: the dispatcher's queue and a department's inbox, oldest first and counted.
            listFilters =
            [
                ($"dispatcher queue (unmatched) filtered by \"{itemName}\"", $"/api/cases?queue=unmatched&pageSize=50&q={Uri.EscapeDataString(itemName)}", "dispatcher"),
                ($"department inbox of {inboxDepartment} filtered by \"{itemName}\"", $"/api/cases?departmentCode={inboxDepartment}&pageSize=50&q={Uri.EscapeDataString(itemName)}",
                    $"h.{inboxDepartment.ToLowerInvariant()}"),
                .. fewWord is null ? [] : new[]
                {
                    ($"dispatcher queue (unmatched) filtered by \"{fewWord}\"", $"/api/cases?queue=unmatched&pageSize=50&q={Uri.EscapeDataString(fewWord)}", "dispatcher"),
                    ($"department inbox of {inboxDepartment} filtered by \"{fewWord}\"", $"/api/cases?departmentCode={inboxDepartment}&pageSize=50&q={Uri.EscapeDataString(fewWord)}",
                        $"h.{inboxDepartment.ToLowerInvariant()}"),
                },
                // Just above the cap, and few of its cases in the list: walking it, the count read the whole list.
                .. aboveWord is null ? [] : new[]
                {
                    ($"dispatcher queue (unmatched) filtered by \"{aboveWord}\" (just above the cap)", $"/api/cases?queue=unmatched&pageSize=50&q={Uri.EscapeDataString(aboveWord)}", "dispatcher"),
                },
            ];
            var listTimes = new List<(double P50, double P95)>();
            foreach (var (_, url, user) in listFilters)
                listTimes.Add(await TimeAsync(http, url, 20, user, warmups: 10));
            // The walk's worst case: a keyword above the cap whose every case is older than the period (last year's
            // typhoon). Its cases are moved a year back, so a walk without a budget would read the whole period.
            var stale = default((double P50, double P95));
            if (staleWord is not null)
            {
                await using var data = NpgsqlDataSource.Create(connection);
                await using var move = data.CreateCommand("""
                    UPDATE cases SET received_at = received_at - interval '1 year' WHERE casehub_case_bigrams(title, address) @> casehub_bigrams($1)
                    """);
                move.CommandTimeout = 0;
                move.Parameters.AddWithValue(staleWord);
                await move.ExecuteNonQueryAsync();
                staleUrl = $"/api/cases/search?q={Uri.EscapeDataString(staleWord)}&{period}";
                stale = await TimeAsync(http, staleUrl, 10, warmups: 3);
            }
            Console.WriteLine();
            Console.WriteLine("| query (over HTTP, after 40 warm-up requests) | p50 ms | p95 ms | target |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine($"| overdue board, first 100 of {(due > 0 ? due : 100_000):N0} overdue | {board.P50:F1} | {board.P95:F1} | ≤ 100 ms |");
            Console.WriteLine($"| overdue board of one department | {boardByDepartment.P50:F1} | {boardByDepartment.P95:F1} | ≤ 100 ms |");
            Console.WriteLine($"| department ranking over 365 days | {ranking.P50:F1} | {ranking.P95:F1} | ≤ 300 ms |");
            Console.WriteLine($"| every grid's metrics over 30 days | {gridRanking.P50:F1} | {gridRanking.P95:F1} | ≤ 300 ms |");
            Console.WriteLine($"| dispatcher queue (unmatched), a page of 50 (100 runs) | {unmatched.P50:F1} | {unmatched.P95:F1} | p95 ≤ 20 ms |");
            Console.WriteLine($"| department inbox of {inboxDepartment}, a page of 50 (100 runs) | {inbox.P50:F1} | {inbox.P95:F1} | p95 ≤ 20 ms |");
            Console.WriteLine($"| the five queue counts | {queueCounts.P50:F1} | {queueCounts.P95:F1} | |");
            Console.WriteLine($"| 案件查询: a caller's cases by phone, all time (100 runs) | {byPhone.P50:F1} | {byPhone.P95:F1} | p95 ≤ 50 ms |");
            Console.WriteLine($"| 案件查询: newest 20 of the last 90 days | {newest.P50:F1} | {newest.P95:F1} | p95 ≤ 200 ms |");
            Console.WriteLine($"| 案件查询: keyword \"{itemName}\" over 90 days | {commonWord.P50:F1} | {commonWord.P95:F1} | p95 ≤ 200 ms |");
            Console.WriteLine($"| 案件查询: dispatched in district {district} over 90 days | {filtered.P50:F1} | {filtered.P95:F1} | p95 ≤ 200 ms |");
            Console.WriteLine($"| 案件查询: a keyword no case has, over 90 days (10 runs) | {missingWord.P50:F1} | {missingWord.P95:F1} | p95 ≤ 2,000 ms |");
            if (fewWord is not null)
                Console.WriteLine($"| 案件查询: keyword \"{fewWord}\" ({fewCount:N0} cases hold its bigrams, all time) over 90 days | {few.P50:F1} | {few.P95:F1} | p95 ≤ 200 ms |");
            if (aboveWord is not null)
                Console.WriteLine($"| 案件查询: keyword \"{aboveWord}\" ({aboveCount:N0} cases hold its bigrams, all time) over 90 days (20 runs) | {above.P50:F1} | {above.P95:F1} | p95 ≤ 2,000 ms |");
            for (var i = 0; i < listFilters.Count; i++)
                Console.WriteLine($"| {listFilters[i].Label}, a page of 50 (20 runs) | {listTimes[i].P50:F1} | {listTimes[i].P95:F1} | p95 ≤ 200 ms |");
            if (staleWord is not null)
                Console.WriteLine($"| 案件查询: keyword \"{staleWord}\" ({staleCount:N0} cases hold its bigrams, all moved a year back) over 90 days (10 runs) | {stale.P50:F1} | {stale.P95:F1} | p95 ≤ 2,000 ms |");
        });
        if (commonUrl is not null)
        {
            // The baseline for the keyword search: the same searches on a server that counts every keyword's candidates
            // first, walks without a budget and looks up every bigram in the index, as before 2026-12-05.
            var countsFirst = new Dictionary<string, string>(settings) { ["Search__WalkBudgetFactor"] = "0", ["Search__FirstWalkPerRow"] = "0", ["Search__CommonBigramShare"] = "0" };
            await WithServerAsync(webDll, connection, port, countsFirst, async http =>
            {
                var common = await TimeAsync(http, commonUrl, 10, warmups: 10);
                Console.WriteLine();
                Console.WriteLine($"Baseline, a server that counts first, walks without a budget and looks up every bigram (Search:FirstWalkPerRow 0, Search:WalkBudgetFactor 0, Search:CommonBigramShare 0): the commonest item's keyword p50 {common.P50:F1} ms, p95 {common.P95:F1} ms (10 runs)");
                if (fewUrl is not null)
                {
                    var phrase = await TimeAsync(http, fewUrl, 20, warmups: 10);
                    Console.WriteLine($"  and the keyword read from the index: p50 {phrase.P50:F1} ms, p95 {phrase.P95:F1} ms (20 runs)");
                }
                if (staleUrl is not null)
                {
                    // At 10 M cases this walk outlasted EF's 30 s command timeout, and the server answered 500.
                    var watch = Stopwatch.StartNew();
                    try
                    {
                        var walked = await TimeAsync(http, staleUrl, 3, warmups: 1);
                        Console.WriteLine($"  and the keyword whose cases were moved a year back: p50 {walked.P50:F1} ms, p95 {walked.P95:F1} ms (3 runs)");
                    }
                    catch (HttpRequestException e)
                    {
                        Console.WriteLine($"  and the keyword whose cases were moved a year back: failed after {watch.Elapsed.TotalSeconds:F1} s ({e.Message})");
                    }
                }
            });
        }

        if (listFilters.Count > 0)
        {
            // The baseline for the lists' keyword filter: the same requests on a server that sends the lists the search's
            // way, as until the evening of 2026-12-05: count the keyword's candidates anywhere, read them from the index
            // when at most the cap do, else walk the list.
            await WithServerAsync(webDll, connection, port, new Dictionary<string, string>(settings) { ["Search__ListMatchesFromIndex"] = "false" }, async http =>
            {
                Console.WriteLine();
                Console.WriteLine("Baseline, a server that sends the lists the search's way (Search:ListMatchesFromIndex false), 5 runs each:");
                foreach (var (label, url, user) in listFilters)
                {
                    var walked = await TimeAsync(http, url, 5, user, warmups: 2);
                    Console.WriteLine($"  {label}: p50 {walked.P50:F1} ms, p95 {walked.P95:F1} ms");
                }
            });
        }

        if (due == 0)
            return 0;
        var baseline = await InsertBaselineAsync(connection, due, workers);
        Console.WriteLine();
        Console.WriteLine($"Baseline: {due:N0} single-row INSERT transactions from {workers} connection(s): {baseline.TotalSeconds:F1} s ({due / baseline.TotalSeconds:N0}/s)");
        return 0;
    }

    /// <summary>Starts the app with <paramref name="settings"/>, runs <paramref name="work"/> once it is healthy, and stops it.</summary>
    private static async Task WithServerAsync(string webDll, string connection, int port, IReadOnlyDictionary<string, string> settings, Func<HttpClient, Task> work)
    {
        using var app = IntakeBenchmark.StartWeb(webDll, connection, port, settings);
        using var http = Client(port);
        await IntakeBenchmark.WaitHealthyAsync(http, app, TimeSpan.FromMinutes(3));
        await work(http);
        await IntakeBenchmark.StopAsync(app);
    }

    private static HttpClient Client(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Bulk cases, a running completion clock on each open one, its three card timers, and a year of rollups from the cases.</summary>
    private static async Task SeedAsync(string connection, int cases, bool timers, int? generate)
    {
        var watch = Stopwatch.StartNew();
        var generated = Math.Min(cases, generate ?? cases);
        await using (var db = new PostgresCaseHubDbContext(new DbContextOptionsBuilder<PostgresCaseHubDbContext>().UseNpgsql(connection).Options))
        {
            var existing = await db.Set<CaseHub.Cases.Features.Intake.Case>().LongCountAsync();
            if (existing < generated)
                await new DemoBulkCases(db, TimeProvider.System).SeedAsync((int)(generated - existing), seed: 11, batchSize: 20_000, _ => { }, CancellationToken.None);
        }
        await using (var copies = NpgsqlDataSource.Create(connection))
        {
            // The bigram index is rebuilt after the copies rather than kept up to date row by row, which for 9 M copied
            // rows had not finished after 20 minutes.
            string? bigramIndex = null;
            if (generated * 2L <= cases)
            {
                await using var definition = copies.CreateCommand("SELECT pg_get_indexdef('ix_cases_text_bigrams'::regclass)");
                bigramIndex = (string)(await definition.ExecuteScalarAsync())!;
                await ExecuteAsync(copies, "DROP INDEX ix_cases_text_bigrams");
            }
            // Copies of the generated cases, with the same distribution: fresh ids, tracking numbers that cannot collide
            // (a copy suffix), no external id (it is unique per channel), spread over the same year.
            for (var copy = 1; generated * (copy + 1L) <= cases; copy++)
                await ExecuteAsync(copies, $"""
                    CREATE TEMP TABLE copy_cases AS SELECT * FROM cases WHERE tracking_number NOT LIKE '%-%';
                    UPDATE copy_cases SET id = gen_random_uuid(), tracking_number = tracking_number || '-{copy}', external_id = NULL;
                    INSERT INTO cases SELECT * FROM copy_cases;
                    DROP TABLE copy_cases;
                    """);
            if (bigramIndex is not null)
                await ExecuteAsync(copies, $"SET maintenance_work_mem = '1GB'; {bigramIndex}");
        }
        Console.WriteLine($"Seeded {cases:N0} cases ({generated:N0} generated, the rest copies of them) in {watch.Elapsed.TotalSeconds:F0} s");
        watch.Restart();

        string Payload(CardColour colour) => JsonSerializer.Serialize(new CardTimerPayload(colour, 0));
        await using var data = NpgsqlDataSource.Create(connection);
        await ExecuteAsync(data, """
            TRUNCATE case_deadlines, cards, case_events, notifications, metric_events, metric_daily_departments, metric_daily_grids CASCADE;
            DELETE FROM workflow_timers WHERE kind = 'case.card';
            INSERT INTO case_deadlines (id, case_id, stage, department_id, started_at, unit, "limit", blue_at, due_at, red_at, closed_at, met, generation, cards, row_version)
            SELECT gen_random_uuid(), c.id, 4, c.department_id, c.received_at, 4, 15,
                   now() + interval '10 days' + (random() * interval '20 days'), now() + interval '40 days' + (random() * interval '20 days'), now() + interval '70 days', NULL, false, 0, 0, 0
            FROM cases c WHERE c.department_id IS NOT NULL;
            """);
        foreach (var (colour, column) in timers ? new[] { (CardColour.Blue, "blue_at"), (CardColour.Yellow, "due_at"), (CardColour.Red, "red_at") } : [])
            await ExecuteAsync(data, $"""
                INSERT INTO workflow_timers (id, kind, due_at, subject_id, payload_json, attempts, created_at)
                SELECT gen_random_uuid(), 'case.card', d.{column}, d.id, '{Payload(colour)}', 0, now() FROM case_deadlines d;
                """);
        // What the fold would have made of a year of these cases: dispatches and completions per local day.
        foreach (var (table, key) in new[] { ("metric_daily_departments", "department_id"), ("metric_daily_grids", "grid_id") })
            await ExecuteAsync(data, $"""
                INSERT INTO {table} (day, {key}, dispatched, dispatched_in_time, accepted_in_time, completed, completed_on_time, returned, reopened,
                                     callback_answered, resolved, satisfied, partly_satisfied, blue_card, yellow_card, red_card)
                SELECT (received_at AT TIME ZONE 'Asia/Shanghai')::date, {key}, count(*), count(*) * 9 / 10, count(*) * 8 / 10,
                       count(*) FILTER (WHERE status >= 4), count(*) FILTER (WHERE status >= 4) * 9 / 10, count(*) / 20, count(*) / 50,
                       count(*) FILTER (WHERE status >= 4) * 7 / 10, count(*) FILTER (WHERE status >= 4) * 6 / 10,
                       count(*) FILTER (WHERE status >= 4) * 6 / 10, count(*) FILTER (WHERE status >= 4) / 10, count(*) / 10, count(*) / 20, count(*) / 100
                FROM cases WHERE {key} IS NOT NULL GROUP BY 1, 2;
                """);
        if (!timers)
            // Without timers nothing fires, so make the overdue board as full as the firing run leaves it: 100,000 past due.
            await ExecuteAsync(data, """
                UPDATE case_deadlines d SET due_at = now() - random() * interval '10 days', blue_at = now() - interval '11 days', cards = 3
                FROM (SELECT id FROM case_deadlines ORDER BY id LIMIT 100000) picked WHERE d.id = picked.id;
                """);
        await ExecuteAsync(data, "VACUUM ANALYZE;");
        Console.WriteLine($"Seeded their clocks, card timers and rollups in {watch.Elapsed.TotalSeconds:F0} s: " +
            $"{await ScalarAsync(data, "SELECT count(*) FROM case_deadlines"):N0} clocks, {await ScalarAsync(data, "SELECT count(*) FROM workflow_timers"):N0} timers, " +
            $"{await ScalarAsync(data, "SELECT count(*) FROM metric_daily_departments") + await ScalarAsync(data, "SELECT count(*) FROM metric_daily_grids"):N0} rollup rows");
    }

    /// <summary>Moves <paramref name="due"/> clocks' yellow timers to one instant just ahead, and waits until their cards exist.</summary>
    private static async Task<(TimeSpan Elapsed, long Issued)> FireAtOnceAsync(string connection, int due)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        var at = DateTimeOffset.UtcNow.AddSeconds(15);
        await using (var command = data.CreateCommand("""
            WITH picked AS (SELECT id FROM case_deadlines WHERE closed_at IS NULL ORDER BY id LIMIT $2),
                 moved AS (UPDATE case_deadlines d SET due_at = $1, blue_at = $1 - interval '1 hour', cards = 1 FROM picked WHERE d.id = picked.id RETURNING d.id)
            UPDATE workflow_timers t SET due_at = $1 FROM moved
            WHERE t.subject_id = moved.id AND t.kind = 'case.card' AND t.payload_json LIKE '%"Colour":2%';
            """))
        {
            command.CommandTimeout = 0; // finding 100,000 timers among 30 M takes minutes at 10 M cases
            command.Parameters.Add(new NpgsqlParameter { Value = at });
            command.Parameters.Add(new NpgsqlParameter { Value = due });
            var moved = await command.ExecuteNonQueryAsync();
            if (moved != due)
                throw new InvalidOperationException($"Moved {moved} timers, expected {due}.");
        }
        var wait = at - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
        var watch = Stopwatch.StartNew();
        long issued;
        while ((issued = await ScalarAsync(data, "SELECT count(*) FROM cards WHERE colour = 2")) < due)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(20))
                throw new TimeoutException($"Only {issued:N0} of {due:N0} cards after 20 minutes.");
            await Task.Delay(100);
        }
        return (watch.Elapsed, issued);
    }

    private static async Task<string> BusiestDepartmentAsync(string connection)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        await using var command = data.CreateCommand("""
            SELECT dep.code FROM case_deadlines d JOIN departments dep ON dep.id = d.department_id
            WHERE d.closed_at IS NULL AND d.due_at < now() GROUP BY dep.code ORDER BY count(*) DESC LIMIT 1
            """);
        command.CommandTimeout = 0;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> CountCasesAsync(string connection)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        return await ScalarAsync(data, "SELECT count(*) FROM cases");
    }

    /// <summary>What the search timings look for: one complainant's phone, a district, and the name of the most common item.</summary>
    private static async Task<(string Phone, string District, string ItemName)> SearchSubjectsAsync(string connection)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        async Task<string> TextAsync(string sql)
        {
            await using var command = data.CreateCommand(sql);
            command.CommandTimeout = 0;
            return (string)(await command.ExecuteScalarAsync())!;
        }
        return (await TextAsync("SELECT complainant_phone FROM cases WHERE complainant_phone IS NOT NULL LIMIT 1"),
            await TextAsync($"SELECT code FROM org_units WHERE level = {(int)CaseHub.Cases.Features.Organisation.OrgLevel.District} ORDER BY code LIMIT 1"),
            await TextAsync("SELECT i.name_zh FROM cases c JOIN items i ON i.id = c.item_id GROUP BY i.name_zh ORDER BY count(*) DESC LIMIT 1"));
    }

    /// <summary>The department with the most open cases: the largest inbox.</summary>
    private static async Task<string> BusiestInboxAsync(string connection)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        await using var command = data.CreateCommand("""
            SELECT dep.code FROM cases c JOIN departments dep ON dep.id = c.department_id
            WHERE c.status IN (2, 3) GROUP BY dep.code ORDER BY count(*) DESC LIMIT 1
            """);
        command.CommandTimeout = 0;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Two keywords a real search might use, an item's name, alone or after a community's (as the seeded titles hold them):
    /// the one whose bigram candidates come nearest 300 without passing the search's default cap for the table's size
    /// (<see cref="CaseHub.Cases.Features.Intake.CaseTextSearch.IndexedCandidatesCap"/>), and the one with the fewest above it;
    /// and the second fewest above it (Stale), for the walk's worst case; each is null when no such keyword is among those tried.
    /// </summary>
    private static async Task<(string? Few, int FewCount, string? Above, int AboveCount, string? Stale, int StaleCount)> RarerKeywordsAsync(string connection)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        double rows;
        await using (var estimate = data.CreateCommand("SELECT reltuples::float8 FROM pg_class WHERE oid = 'cases'::regclass"))
            rows = (double)(await estimate.ExecuteScalarAsync())!;
        var cap = CaseHub.Cases.Features.Intake.CaseTextSearch.IndexedCandidatesCap(CaseHub.Cases.Features.Intake.CaseTextSearch.DefaultMaxIndexedCandidates,
            CaseHub.Cases.Features.Intake.CaseTextSearch.DefaultIndexedCandidatesFactor, rows);
        // Far enough to order the keywords just above the cap; counting the commonest in full took 20-30 s each at 10 M.
        var countUpTo = 3 * cap;
        Console.WriteLine($"Keyword cap: {cap:N0} candidates for an estimated {rows:N0} cases; a walk for a first page of 20 reads at most {21 * CaseHub.Cases.Features.Intake.CaseTextSearch.DefaultWalkBudgetFactor * cap:N0} cases");
        var keywords = new List<string>();
        await using (var command = data.CreateCommand($"""
            WITH used AS (SELECT DISTINCT i.name_zh FROM items i WHERE EXISTS (SELECT 1 FROM cases c WHERE c.item_id = i.id))
            (SELECT u.name || used.name_zh FROM org_units u CROSS JOIN used
             WHERE u.level = {(int)CaseHub.Cases.Features.Organisation.OrgLevel.Community} ORDER BY md5(u.code || used.name_zh) LIMIT 40)
            UNION ALL SELECT name_zh FROM used
            """))
        {
            command.CommandTimeout = 0;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                keywords.Add(reader.GetString(0));
        }
        var counted = new List<(string Keyword, int Count)>();
        await using var session = await data.OpenConnectionAsync();
        // As the search counts: with room for an exact bitmap, so that the heap pages are not rechecked row by row.
        await using (var memory = new NpgsqlCommand($"SET work_mem = '{CaseHub.Cases.Features.Intake.CaseTextSearch.BitmapWorkMem}'", session))
            await memory.ExecuteNonQueryAsync();
        foreach (var keyword in keywords)
        {
            await using var command = new NpgsqlCommand("""
                SELECT count(*)::int FROM (SELECT 1 FROM cases WHERE casehub_case_bigrams(title, address) @> casehub_bigrams($1) LIMIT $2) AS candidates
                """, session);
            command.CommandTimeout = 0;
            command.Parameters.AddWithValue(keyword);
            command.Parameters.AddWithValue(countUpTo);
            counted.Add((keyword, (int)(await command.ExecuteScalarAsync())!));
        }
        var few = counted.Where(k => k.Count > 0 && k.Count <= cap).OrderBy(k => Math.Abs(k.Count - 300)).FirstOrDefault();
        var aboveCap = counted.Where(k => k.Count > cap).OrderBy(k => k.Count).ToList();
        var (above, stale) = (aboveCap.ElementAtOrDefault(0), aboveCap.ElementAtOrDefault(1));
        Console.WriteLine($"Keyword candidates (community and item, item alone; counted up to {countUpTo:N0}): " +
            string.Join(", ", counted.OrderBy(k => k.Count).Select(k => $"{k.Keyword} {k.Count:N0}")));
        return (few.Keyword, few.Count, above.Keyword, above.Count, stale.Keyword, stale.Count);
    }

    private static async Task<(double P50, double P95)> TimeAsync(HttpClient http, string url, int runs, string user = "dispatcher", int warmups = 40)
    {
        HttpRequestMessage Request() => new(HttpMethod.Get, url) { Headers = { { "X-CaseHub-User", user } } };
        // Warm up past tiered JIT's first recompilation (30 calls): the figures are for a server that has been running.
        for (var i = 0; i < warmups; i++)
            (await http.SendAsync(Request())).EnsureSuccessStatusCode();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.SendAsync(Request());
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[runs / 2], times[Math.Min(runs - 1, (int)(runs * 0.95))]);
    }

    private static async Task<TimeSpan> InsertBaselineAsync(string connection, int count, int clients)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        await ExecuteAsync(data, "DROP TABLE IF EXISTS bench_inserts; CREATE TABLE bench_inserts (id uuid PRIMARY KEY, at timestamptz NOT NULL, note text NOT NULL);");
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            await using var connection = await data.OpenConnectionAsync();
            while (Interlocked.Increment(ref next) < count)
            {
                await using var command = new NpgsqlCommand("INSERT INTO bench_inserts VALUES (gen_random_uuid(), now(), 'card')", connection);
                await command.ExecuteNonQueryAsync();
            }
        })));
        var elapsed = watch.Elapsed;
        await ExecuteAsync(data, "DROP TABLE bench_inserts;");
        return elapsed;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource data, string sql)
    {
        await using var command = data.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource data, string sql)
    {
        await using var command = data.CreateCommand(sql);
        command.CommandTimeout = 0;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
