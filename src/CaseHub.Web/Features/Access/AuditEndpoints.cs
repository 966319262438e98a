using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Access;
using CaseHub.Web.Features.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Access;

public sealed record AuditEntryDto(
    Guid Id, DateTimeOffset At, string Actor, string? Ip, string Action, string Entity, string EntityId, string Operation,
    JsonNode? Before, JsonNode? After);

/// <summary>The append-only audit log, for auditors.</summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", List).RequireAuthorization(Policies.Audit).WithTags("Audit").WithName("ListAuditEntries")
            .WithSummary("Audit entries, newest first: `from`, `to`, `actor`, `entity` (table), `entityId`, paged.");
        return api;
    }

    private static async Task<Ok<PagedResult<AuditEntryDto>>> List(CaseHubDbContext db, DateTimeOffset? from, DateTimeOffset? to, string? actor,
        string? entity, string? entityId, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (from is { } start)
            query = query.Where(a => a.At >= start);
        if (to is { } end)
            query = query.Where(a => a.At < end);
        if (!string.IsNullOrWhiteSpace(actor))
            query = query.Where(a => a.Actor == actor.Trim());
        if (!string.IsNullOrWhiteSpace(entity))
            query = query.Where(a => a.Entity == entity.Trim());
        if (!string.IsNullOrWhiteSpace(entityId))
            query = query.Where(a => a.EntityId == entityId.Trim());
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResult<AuditEntryDto>(
            [.. rows.Select(a => new AuditEntryDto(a.Id, a.At, a.Actor, a.Ip, a.Action, a.Entity, a.EntityId, a.Operation,
                a.BeforeJson is null ? null : JsonNode.Parse(a.BeforeJson), a.AfterJson is null ? null : JsonNode.Parse(a.AfterJson)))],
            total, page, pageSize));
    }
}
