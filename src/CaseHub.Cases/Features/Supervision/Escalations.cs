using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Supervision;

/// <summary>
/// 提级: raises a case one level up the org tree, from the centre supervising it now (at first the
/// jurisdiction's, e.g. the street's) to its parent's centre, which gets an open supervision task.
/// </summary>
public sealed class Escalations(CaseHubDbContext db)
{
    private static readonly Dictionary<EscalationReason, string> ReasonNames = new()
    {
        [EscalationReason.GradeA] = "A类（复杂）案件",
        [EscalationReason.RedCard] = "红牌",
        [EscalationReason.Manual] = "人工提级",
        [EscalationReason.OverdueOrder] = "督办逾期",
    };

    /// <summary>Escalates; returns null when the case is already supervised at the top of the tree.</summary>
    public async Task<Escalation?> EscalateAsync(Case @case, EscalationReason reason, string? note, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var target = await NextCentreAsync(@case, cancellationToken);
        if (target is null)
        {
            CaseTimeline.Add(db, @case.Id, "escalation.top", $"{ReasonNames[reason]}：已在最高一级指挥中心督办，无法再提级", actor, now);
            return null;
        }
        var escalation = new Escalation
        {
            Id = Guid.CreateVersion7(now),
            CaseId = @case.Id,
            CentreId = target.Id,
            Reason = reason,
            Note = note,
            CreatedAt = now,
            CreatedBy = actor,
        };
        db.Add(escalation);
        var text = $"案件 {@case.TrackingNumber} 因{ReasonNames[reason]}提级至{target.Name}指挥中心督办";
        CaseTimeline.Add(db, @case.Id, "escalated", note is null ? text : $"{text}：{note}", actor, now);
        CaseTimeline.Notify(db, Recipients.Centre(target.Code), @case.Id, "escalated", text, now);
        return escalation;
    }

    public async Task<Escalation> CloseAsync(Guid escalationId, string? note, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var escalation = await db.Set<Escalation>().FindAsync([escalationId], cancellationToken) ?? throw new NotFoundException("Escalation", escalationId);
        if (escalation.ClosedAt is not null)
            throw new InvalidStateException(Bilingual.Text("该提级督办已办结。", "This supervision task is already closed."));
        escalation.ClosedAt = now;
        escalation.ClosedBy = actor;
        escalation.ClosingNote = note;
        CaseTimeline.Add(db, escalation.CaseId, "escalation.closed", note is null ? "提级督办已办结" : $"提级督办已办结：{note}", actor, now);
        return escalation;
    }

    /// <summary>
    /// The centre one level above the case's jurisdiction (for a street, its district's), which arbitrates disputes
    /// between departments there; the city's for a case that could not be located.
    /// </summary>
    public async Task<OrgUnit?> SupervisingCentreAsync(Case @case, CancellationToken cancellationToken)
    {
        if ((@case.JurisdictionId ?? @case.GridId) is not { } id || await CentreOfAsync(id, cancellationToken) is not { } centre)
            return await CityCentreAsync(cancellationToken);
        return await ParentOfAsync(centre, cancellationToken) ?? centre;
    }

    private async Task<OrgUnit?> NextCentreAsync(Case @case, CancellationToken cancellationToken)
    {
        // The highest centre the case has reached; escalations at the same instant cannot be told apart by time.
        var reached = await db.Set<Escalation>().Where(e => e.CaseId == @case.Id).Select(e => e.CentreId).ToListAsync(cancellationToken);
        reached.AddRange(db.Set<Escalation>().Local.Where(e => e.CaseId == @case.Id).Select(e => e.CentreId));
        var latest = reached.Count == 0 ? null
            : await db.Set<OrgUnit>().Where(u => reached.Contains(u.Id)).OrderBy(u => u.Level).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken);
        if ((latest ?? @case.JurisdictionId ?? @case.GridId) is not { } current)
            return await CityCentreAsync(cancellationToken); // not located: the city's centre is the only one that can take it
        return await ParentOfAsync(await CentreOfAsync(current, cancellationToken), cancellationToken);
    }

    /// <summary>The unit whose centre supervises <paramref name="unitId"/>: centres sit at city, district and street level, so a grid or community climbs to its street.</summary>
    private async Task<OrgUnit?> CentreOfAsync(Guid unitId, CancellationToken cancellationToken)
    {
        var unit = await db.Set<OrgUnit>().FindAsync([unitId], cancellationToken);
        while (unit is not null && unit.Level > OrgLevel.Street)
            unit = await ParentOfAsync(unit, cancellationToken);
        return unit;
    }

    private async Task<OrgUnit?> ParentOfAsync(OrgUnit? unit, CancellationToken cancellationToken) =>
        unit?.ParentId is { } parent ? await db.Set<OrgUnit>().FindAsync([parent], cancellationToken) : null;

    private Task<OrgUnit?> CityCentreAsync(CancellationToken cancellationToken) =>
        db.Set<OrgUnit>().Where(u => u.ParentId == null).OrderBy(u => u.Code).FirstOrDefaultAsync(cancellationToken);
}
