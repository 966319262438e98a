using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Open311;
using CaseHub.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Reply;

/// <summary>What the public status page shows: no complainant data, no description or address, no timeline.</summary>
public sealed record PublicCaseStatus(
    string TrackingNumber, CaseStatus Status, string StatusName, CaseKind Kind, string Title,
    DateTimeOffset ReceivedAt, DateTimeOffset? ClosedAt, string? Reply, DateTimeOffset? RepliedAt);

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
        return new PublicCaseStatus(found.TrackingNumber, found.Status, GeoReport.StatusName(found.Status), found.Kind, found.Title,
            found.ReceivedAt, found.ClosedAt, reply?.Text, reply?.DeliveredAt);
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
