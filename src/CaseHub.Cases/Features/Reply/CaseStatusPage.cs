using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Open311;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Reply;

/// <summary>What the public status page shows: no complainant data, no description or address, no timeline.</summary>
public sealed record PublicCaseStatus(
    string TrackingNumber, CaseStatus Status, string StatusName, CaseKind Kind, string Title,
    DateTimeOffset ReceivedAt, DateTimeOffset? ClosedAt, string? Reply, DateTimeOffset? RepliedAt,
    string? DepartmentName, bool CallbackDue);

/// <summary>
/// The citizen's status page: a case by tracking number, for whoever knows the last four digits of the complainant's phone.
/// It shows the reply once it has been delivered to this complainant (for a merged case, the parent's reply).
/// </summary>
public sealed class CaseStatusPage(CaseHubDbContext db)
{
    /// <exception cref="NotFoundException">No such case, or the digits do not match: the two are not told apart.</exception>
    public async Task<PublicCaseStatus> FindAsync(string trackingNumber, string? phoneLastDigits, CancellationToken cancellationToken)
    {
        var found = phoneLastDigits is { Length: 4 } && phoneLastDigits.All(char.IsAsciiDigit)
            ? await db.Set<Case>().AsNoTracking().FirstOrDefaultAsync(c => c.TrackingNumber == trackingNumber, cancellationToken)
            : null;
        var digits = new string((found?.Complainant.Phone ?? "").Where(char.IsAsciiDigit).ToArray());
        if (found is null || digits.Length < 4 || !digits.EndsWith(phoneLastDigits!, StringComparison.Ordinal))
            throw new NotFoundException("Case", trackingNumber);

        var reply = (await DeliveredRepliesAsync(db, [found.Id], cancellationToken)).GetValueOrDefault(found.Id);
        var department = found.DepartmentId is { } departmentId
            ? await db.Set<Department>().AsNoTracking().Where(d => d.Id == departmentId).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new PublicCaseStatus(found.TrackingNumber, found.Status, GeoReport.StatusName(found.Status), found.Kind, found.Title,
            found.ReceivedAt, found.ClosedAt, reply?.Text, reply?.DeliveredAt, department, await OpenCallbackTaskAsync(found, cancellationToken) is not null);
    }

    /// <summary>The case's open callback task: while it waits, the citizen may answer it on the status page.</summary>
    public async Task<HumanTask?> OpenCallbackTaskAsync(Case found, CancellationToken cancellationToken) =>
        found.WorkflowInstanceId is { } instanceId
            ? await db.Set<HumanTask>().FirstOrDefaultAsync(t => t.InstanceId == instanceId && t.ActivityType == CallbackActivity.ActivityType
                && t.Status == HumanTaskStatus.Open, cancellationToken)
            : null;

    /// <summary>满意度评价: the citizen answers the callback on the status page; the case then goes on as if the centre had called.</summary>
    public async Task RateAsync(string trackingNumber, string? phoneLastDigits, string? result, bool? resolved, string? comment, HumanTaskService tasks,
        CancellationToken cancellationToken)
    {
        await FindAsync(trackingNumber, phoneLastDigits, cancellationToken);
        var found = await db.Set<Case>().AsNoTracking().FirstAsync(c => c.TrackingNumber == trackingNumber, cancellationToken);
        if (result is not (CallbackActivity.Satisfied or CallbackActivity.PartlySatisfied or CallbackActivity.NotSatisfied))
            throw new InvalidRequestException("result", Bilingual.Text("请选择满意（Satisfied）、基本满意（PartlySatisfied）或不满意（NotSatisfied）。",
                "Answer Satisfied, PartlySatisfied or NotSatisfied."));
        var task = await OpenCallbackTaskAsync(found, cancellationToken)
            ?? throw new InvalidStateException(Bilingual.Text("该案件目前无需您评价。", "This case is not waiting for your rating."));
        await tasks.CompleteAsync(task.Id, result, new System.Text.Json.Nodes.JsonObject { ["resolved"] = resolved, ["comment"] = comment }, "citizen", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public sealed record DeliveredReply(string Text, DateTimeOffset DeliveredAt);

    /// <summary>Each case's latest delivered reply; cases without one are missing from the result.</summary>
    public static async Task<Dictionary<Guid, DeliveredReply>> DeliveredRepliesAsync(CaseHubDbContext db, IReadOnlyCollection<Guid> caseIds,
        CancellationToken cancellationToken)
    {
        var delivered = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => caseIds.Contains(m.CaseId) && m.Status == OutboxStatus.Delivered && m.Recipient == null) // never a staff notice
            .Select(m => new { m.CaseId, m.Text, m.CreatedAt, m.DeliveredAt })
            .ToListAsync(cancellationToken);
        return delivered.GroupBy(m => m.CaseId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.CreatedAt).Select(m => new DeliveredReply(m.Text, m.DeliveredAt!.Value)).First());
    }
}
