using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
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
        // ToQueryString declares the numbers in a comment and leaves the parameter in the SQL: EXPLAIN needs its value.
        sql = string.Join('\n', sql.Split('\n').Where(line => !line.StartsWith("--", StringComparison.Ordinal)))
            .Replace("@numbers", "ARRAY['138-1111-2222','13811112222']", StringComparison.Ordinal);

        (await PlanAsync(db, sql, bitmapScans: true)).ShouldContain("ix_cases_complainant_phone");
    }

    [Fact]
    public async Task AKeyword_FindsItsCandidatesFromTheBigramIndex()
    {
        await using var db = _database.CreateDbContext();
        var bigrams = new[] { "油烟", "烟扰", "扰民" };
        var sql = db.Set<Case>().Where(c => CaseTextSearch.Matches(c.Title, c.Address, EF.Constant("油烟扰民"), bigrams))
            .OrderByDescending(c => c.ReceivedAt).Select(c => c.Id).ToQueryString();
        sql = string.Join('\n', sql.Split('\n').Where(line => !line.StartsWith("--", StringComparison.Ordinal)))
            .Replace("@bigrams", "ARRAY['油烟','烟扰','扰民']", StringComparison.Ordinal);

        // Found only if PostgreSQL inlined casehub_text_matches into the indexed expression.
        (await PlanAsync(db, sql, bitmapScans: true)).ShouldContain("Bitmap Index Scan on ix_cases_text_bigrams");
    }

    /// <summary>The plan with sequential and bitmap scans priced out, so an empty table still shows which index fits.</summary>
    private static async Task<string> PlanAsync(CaseHubDbContext db, string sql, bool bitmapScans = false)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SET enable_seqscan = off; SET enable_bitmapscan = {(bitmapScans ? "on" : "off")}; EXPLAIN " + sql;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}
