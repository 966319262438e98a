using System.Globalization;
using System.Text.Json.Nodes;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Items;
using CaseHub.Workflows;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Persistence;
using CaseHub.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Intake;

public sealed class IntakeOptions
{
    /// <summary>
    /// The workflow each case starts, by "Channel.Kind", "Channel.*" or "*.Kind" (first match in that order),
    /// e.g. { "Hotline.Enquiry": "enquiry", "GridPatrol.*": "grid-patrol" }. (Not ':', which configuration
    /// reads as a section separator.) Default: empty.
    /// </summary>
    public Dictionary<string, string> Workflows { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The workflow for cases no entry of <see cref="Workflows"/> matches; null starts none. Default null.</summary>
    public string? DefaultWorkflow { get; set; }

    /// <summary>The time zone whose calendar day numbers tracking numbers. Default Asia/Shanghai.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Most cases one batch request may carry. Default 500.</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>The <see cref="TimeZone"/>; UTC+8 on machines without tzdata.</summary>
    public TimeZoneInfo LocalTimeZone() => Calendar.TimeZones.Find(TimeZone);
}

/// <summary>The outcome of receiving one case: the case, and whether this request created it.</summary>
public sealed record IntakeResult(Case Case, bool Created);

/// <summary>
/// 一个口子进: every channel's cases come in here. A case, its tracking number and the start of its workflow
/// commit in one transaction; the same channel and external id always give back the same case.
/// </summary>
public sealed class CaseIntake(CaseHubDbContext db, WorkflowRuntime runtime, WorkflowDefinitionService definitions, TrackingNumbers trackingNumbers, TimeProvider time, IntakeOptions options)
{
    /// <exception cref="ValidationFailedException">A field is invalid; nothing was written.</exception>
    public async Task<IntakeResult> ReceiveAsync(IntakeRequest request, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = IntakeValidation.Check(request, now, out var valid);
        var item = await ItemForAsync(request.ItemCode, errors, cancellationToken);
        if (valid is null || errors.Count > 0)
            throw new ValidationFailedException(errors);

        if (valid.ExternalId is not null && await FindByExternalIdAsync(valid.Channel, valid.ExternalId, cancellationToken) is { } existing)
            return new IntakeResult(existing, false);

        var workflow = WorkflowFor(valid.Channel, valid.Kind) is { } definitionId
            ? await definitions.FindPublishedAsync(definitionId, null, cancellationToken) ?? throw new NotFoundException("Published workflow", definitionId)
            : null;
        // Numbered before the transaction: inside it, the day's counter row would stay locked until commit and every
        // intake would wait for the one before it. The price is a gap when an intake fails later.
        var trackingNumber = await NextTrackingNumberAsync(now, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var @case = new Case
            {
                Id = Guid.CreateVersion7(now),
                TrackingNumber = trackingNumber,
                Channel = valid.Channel,
                ExternalId = valid.ExternalId,
                Kind = valid.Kind,
                Status = CaseStatus.New,
                ItemId = item?.Id,
                Grade = item?.DefaultGrade ?? CaseGrade.C,
                Title = valid.Title,
                Description = valid.Description,
                Latitude = valid.Lat,
                Longitude = valid.Lng,
                Address = valid.Address,
                Complainant = valid.Complainant,
                Attachments = valid.Attachments,
                OccurredAt = valid.OccurredAt,
                ReceivedAt = now,
                UpdatedAt = now,
            };
            db.Add(@case);
            if (workflow is not null)
            {
                var input = new JsonObject
                {
                    ["caseId"] = @case.Id.ToString(),
                    ["trackingNumber"] = @case.TrackingNumber,
                    ["channel"] = @case.Channel.ToString(),
                    ["kind"] = @case.Kind.ToString(),
                };
                var instance = await runtime.StartAsync(workflow, input, @case.Id.ToString(), actor, cancellationToken);
                @case.WorkflowInstanceId = instance.Id;
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new IntakeResult(@case, true);
        }
        catch (DbUpdateException) when (valid.ExternalId is not null)
        {
            // A concurrent retry of the same channel and external id committed first: give back its case.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var winner = await FindByExternalIdAsync(valid.Channel, valid.ExternalId, cancellationToken);
            if (winner is null)
                throw;
            return new IntakeResult(winner, false);
        }
    }

    /// <summary>Receives each case on its own, so one bad or conflicting item does not hold up the rest.</summary>
    public async Task<IReadOnlyList<BatchItemResult>> ReceiveBatchAsync(IReadOnlyList<IntakeRequest?> requests, string actor, CancellationToken cancellationToken)
    {
        if (requests.Count > options.MaxBatch)
            throw new InvalidRequestException("body", Bilingual.Text($"每批最多 {options.MaxBatch} 件，本批有 {requests.Count} 件。",
                $"A batch may carry at most {options.MaxBatch} cases; this one has {requests.Count}."));
        var results = new List<BatchItemResult>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            db.ChangeTracker.Clear();
            if (requests[i] is not { } request)
            {
                results.Add(new BatchItemResult(i, "invalid", null, null, new Dictionary<string, string[]> { [$"[{i}]"] = [Bilingual.Text("该条必须是一个案件对象。", "The item must be a case object.")] }));
                continue;
            }
            try
            {
                var result = await ReceiveAsync(request, actor, cancellationToken);
                results.Add(new BatchItemResult(i, result.Created ? "created" : "existing", result.Case.Id, result.Case.TrackingNumber, null));
            }
            catch (ValidationFailedException e)
            {
                results.Add(new BatchItemResult(i, "invalid", null, null, e.Errors));
            }
        }
        return results;
    }

    /// <summary>The active leaf item a channel named, or null when it named none; a bad code is added to <paramref name="errors"/>.</summary>
    private async Task<Item?> ItemForAsync(string? code, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code))
            return null;
        var item = await db.Set<Item>().AsNoTracking().FirstOrDefaultAsync(i => i.Code == code.Trim() && i.IsActive, cancellationToken);
        if (item is null || await db.Set<Item>().AnyAsync(i => i.ParentId == item.Id, cancellationToken))
        {
            errors["itemCode"] = [Bilingual.Text($"“{code}”不是事项清单中启用的末级事项。", $"'{code}' is not an active leaf of the item list.")];
            return null;
        }
        return item;
    }

    // Compiled, as every intake asks: translating the LINQ each time cost more CPU than running the query.
    private static readonly CompiledPerModel<Func<CaseHubDbContext, Channel, string, CancellationToken, Task<Case?>>> CaseByExternalId = new(() =>
        EF.CompileAsyncQuery((CaseHubDbContext db, Channel channel, string externalId, CancellationToken _) =>
            db.Set<Case>().AsNoTracking().FirstOrDefault(c => c.Channel == channel && c.ExternalId == externalId)));

    public Task<Case?> FindByExternalIdAsync(Channel channel, string externalId, CancellationToken cancellationToken) =>
        CaseByExternalId.For(db)(db, channel, externalId, cancellationToken);

    private string? WorkflowFor(Channel channel, CaseKind kind)
    {
        foreach (var key in new[] { $"{channel}.{kind}", $"{channel}.*", $"*.{kind}" })
        {
            if (options.Workflows.TryGetValue(key, out var definitionId) && !string.IsNullOrWhiteSpace(definitionId))
                return definitionId;
        }
        return string.IsNullOrWhiteSpace(options.DefaultWorkflow) ? null : options.DefaultWorkflow;
    }

    /// <summary>yyyyMMdd of the local day plus a 5-digit daily sequence, from this node's block of the day's counter.</summary>
    private Task<string> NextTrackingNumberAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        trackingNumbers.NextAsync(db, TimeZoneInfo.ConvertTime(now, options.LocalTimeZone()).ToString("yyyyMMdd", CultureInfo.InvariantCulture), cancellationToken);
}

public sealed record BatchItemResult(int Index, string Status, Guid? CaseId, string? TrackingNumber, IReadOnlyDictionary<string, string[]>? Errors);
