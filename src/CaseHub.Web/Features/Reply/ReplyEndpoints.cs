using CaseHub.Web.Features.Access;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Reply;
using CaseHub.Web.Features.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Features.Reply;

/// <summary>An outbox message as staff see it; the recipient's phone is not part of it.</summary>
public sealed record OutboxMessageDto(
    Guid Id, Guid CaseId, string TrackingNumber, string Adapter, string? Recipient, string Status, string Text, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, DateTimeOffset? DeadLetteredAt, long RowVersion);

/// <summary>一个口子出: the reply outbox (dead letters included) for staff, and the citizen's public status page.</summary>
public static class ReplyEndpoints
{
    public static RouteGroupBuilder MapOutbox(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/outbox").WithTags("Reply").RequireAuthorization(Policies.Administer);
        group.MapGet("/", List).WithName("ListOutboxMessages")
            .WithSummary("Reply messages, newest first, by status (Pending, Delivered, DeadLetter) and/or case.");
        group.MapPost("/{id:guid}/retry", Retry).WithName("RetryOutboxMessage")
            .WithSummary("Puts a dead letter back in line with a fresh set of attempts; 409 for any other message.");
        return api;
    }

    /// <summary>Public, outside the signed-in /api group.</summary>
    public static IEndpointRouteBuilder MapCaseStatusPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/public/cases/{trackingNumber}", Status).AllowAnonymous().RequireRateLimiting(Policies.PublicRateLimit).WithTags("Reply").WithName("PublicCaseStatus")
            .WithSummary("进度查询: a case's status and delivered reply for whoever gives the last 4 digits of the complainant's phone (?phone=); 404 otherwise.");
        return app;
    }

    private static async Task<Ok<PagedResult<OutboxMessageDto>>> List(CaseHubDbContext db, OutboxStatus? status, Guid? caseId,
        int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var query = db.Set<OutboxMessage>().AsNoTracking();
        if (status is { } s)
            query = query.Where(m => m.Status == s);
        if (caseId is { } id)
            query = query.Where(m => m.CaseId == id);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Join(db.Set<Case>(), m => m.CaseId, c => c.Id, (m, c) => new { Message = m, c.TrackingNumber })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResult<OutboxMessageDto>([.. rows.Select(r => ToDto(r.Message, r.TrackingNumber))], total, page, pageSize));
    }

    private static async Task<Ok<OutboxMessageDto>> Retry(Guid id, ReplyOutbox outbox, CaseHubDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var message = await outbox.RetryAsync(db, id, time.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var trackingNumber = await db.Set<Case>().Where(c => c.Id == message.CaseId).Select(c => c.TrackingNumber).FirstAsync(cancellationToken);
        return TypedResults.Ok(ToDto(message, trackingNumber));
    }

    private static async Task<Ok<PublicCaseStatus>> Status(string trackingNumber, string? phone, CaseStatusPage page, CancellationToken cancellationToken) =>
        TypedResults.Ok(await page.FindAsync(trackingNumber, phone, cancellationToken));

    private static OutboxMessageDto ToDto(OutboxMessage m, string trackingNumber) => new(
        m.Id, m.CaseId, trackingNumber, m.Adapter.ToString(), m.Recipient, m.Status.ToString(), m.Text, m.Attempts, m.LastError,
        m.CreatedAt, m.NextAttemptAt, m.DeliveredAt, m.DeadLetteredAt, m.RowVersion);
}
