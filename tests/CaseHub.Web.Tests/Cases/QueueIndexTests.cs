using System.Text.RegularExpressions;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Case = CaseHub.Cases.Features.Intake.Case;

namespace CaseHub.Web.Tests.Cases;

/// <summary>
/// The dispatcher's queues and the department inbox stay fast at 10 M cases only while PostgreSQL can answer them from
/// their partial indexes, and it can only when the query's condition implies the index's filter. These plans catch a
/// queue condition and its index filter drifting apart (the benchmark would show it only at full size).
/// </summary>
public sealed class QueueIndexTests : IAsyncLifetime
{
    private ITestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync(DatabaseProvider.Postgres);
        await using var db = _database.CreateDbContext();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public static TheoryData<string> Queues => [.. CaseQueues.All.Select(q => q.Name)];

    [Theory]
    [MemberData(nameof(Queues))]
    public async Task EachQueue_IsCountedAndPagedFromItsOwnIndex_WithoutReadingTheCases(string name)
    {
        var queue = CaseQueues.All.Single(q => q.Name == name);
        await using var db = _database.CreateDbContext();
        var inQueue = db.Set<Case>().Where(queue.Condition);

        var count = await PlanAsync(db, inQueue.Select(c => 1).ToQueryString());
        count.ShouldContain($"Index Only Scan using {CaseQueues.IndexName(queue)}");
        var page = await PlanAsync(db, inQueue.OrderBy(c => c.ReceivedAt).ThenBy(c => c.Id).Select(c => c.Id).ToQueryString());
        page.ShouldContain(CaseQueues.IndexName(queue));
        page.ShouldNotContain("Sort");
    }

    [Fact]
    public async Task ADepartmentsInbox_IsCountedFromTheOpenCasesIndex()
    {
        await using var db = _database.CreateDbContext();
        var department = Guid.NewGuid();
        var sql = db.Set<Case>().Where(c => c.DepartmentId == EF.Constant(department) && (c.Status == CaseStatus.Dispatched || c.Status == CaseStatus.Accepted))
            .Select(c => 1).ToQueryString();

        (await PlanAsync(db, sql)).ShouldContain("Index Only Scan using ix_cases_department_open_due");
    }

    [Fact]
    public async Task ACallersCases_AreFoundFromThePhoneIndex()
    {
        await using var db = _database.CreateDbContext();
        var sql = CaseHub.Web.Features.Cases.CaseSearchEndpoints.ByPhone(db.Set<Case>(), "138-1111-2222")
            .OrderByDescending(c => c.ReceivedAt).Select(c => c.Id).ToQueryString();

        (await PlanAsync(db, WithValues(sql, ("numbers", "ARRAY['138-1111-2222','13811112222']")), bitmapScans: true)).ShouldContain("ix_cases_complainant_phone");
    }

    [Fact]
    public async Task AKeyword_FindsItsCandidatesFromTheBigramIndex()
    {
        await using var db = _database.CreateDbContext();
        var sql = Keyword.ViaIndex(db.Set<Case>()).OrderByDescending(c => c.ReceivedAt).Select(c => c.Id).ToQueryString();

        // Found only if PostgreSQL inlined casehub_text_matches into the indexed expression.
        (await PlanAsync(db, WithKeyword(sql), bitmapScans: true)).ShouldContain("Bitmap Index Scan on ix_cases_text_bigrams");
    }

    [Fact]
    public async Task AKeywordInAQueueOrAnInbox_IsLookedUpTogetherWithItsStatusOrDepartment()
    {
        // Lists long enough that reading a queue's or inbox's own index would cost more than the keyword's few
        // candidates: on an empty table any index looks free.
        await using var db = _database.CreateDbContext();
        var city = new OrgUnit { Id = Guid.NewGuid(), Code = "3301", Name = "杭州市", Level = OrgLevel.City, Path = "/3301/" };
        var department = Guid.NewGuid();
        db.AddRange(city, new Department { Id = department, Code = "roads", Name = "市建设局", OrgUnitId = city.Id, Level = OrgLevel.City });
        var received = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        db.AddRange(Enumerable.Range(0, 4_000).Select(i => new Case
        {
            TrackingNumber = $"20261201{i:D5}", Title = $"第{i}号路灯不亮", Description = "路灯坏了", ReceivedAt = received.AddMinutes(i),
            Status = i % 2 == 0 ? CaseStatus.PendingDispatch : CaseStatus.Dispatched, DepartmentId = i % 2 == 0 ? null : department,
        }));
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE cases");
        var unmatched = CaseQueues.All.Single(q => q.Name == "unmatched");
        var inQueue = Keyword.ViaIndex(db.Set<Case>().Where(unmatched.Condition)).Select(c => 1).ToQueryString();
        var inInbox = Keyword.ViaIndex(db.Set<Case>().Where(c => c.DepartmentId == EF.Constant(department)
            && (c.Status == CaseStatus.Dispatched || c.Status == CaseStatus.Accepted))).Select(c => 1).ToQueryString();

        // The list's own keys narrow the index's candidates before any case is read: the GIN scan's condition holds them.
        (await PlanAsync(db, WithKeyword(inQueue), bitmapScans: true, indexScans: false))
            .ShouldMatch(@"Bitmap Index Scan on ix_cases_text_bigrams[^\n]*\s+Index Cond: [^\n]* @> [^\n]*\(status = 1\)");
        (await PlanAsync(db, WithKeyword(inInbox), bitmapScans: true, indexScans: false))
            .ShouldMatch($@"Bitmap Index Scan on ix_cases_text_bigrams[^\n]*\s+Index Cond: [^\n]* @> [^\n]*\(department_id = '{department}'");
    }

    private static readonly KeywordSearch Keyword = new("油烟扰民", ["油烟", "烟扰", "扰民"], IndexCap: 2, FirstWalkPerRow: 0, WalkedCasesPerRow: null);

    private static string WithKeyword(string sql) => WithValues(sql, ("bigrams", "ARRAY['油烟','烟扰','扰民']"), ("text", "'油烟扰民'"));

    /// <summary>
    /// ToQueryString declares the parameters in comments and leaves them in the SQL (EF may suffix their names):
    /// EXPLAIN needs their values.
    /// </summary>
    private static string WithValues(string sql, params (string Parameter, string Literal)[] values)
    {
        var withoutDeclarations = string.Join('\n', sql.Split('\n').Where(line => !line.StartsWith("--", StringComparison.Ordinal)));
        return values.Aggregate(withoutDeclarations, (text, value) => Regex.Replace(text, $@"@{value.Parameter}\w*", value.Literal));
    }

    /// <summary>The plan with sequential and bitmap scans priced out, so an empty table still shows which index fits.</summary>
    private static async Task<string> PlanAsync(CaseHubDbContext db, string sql, bool bitmapScans = false, bool indexScans = true)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SET enable_seqscan = off; SET enable_bitmapscan = {(bitmapScans ? "on" : "off")}; "
            + $"SET enable_indexscan = {(indexScans ? "on" : "off")}; EXPLAIN " + sql;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}
