using CaseHub.Cases.Features.Access;
using CaseHub.Web.Features.Access;
using System.Text.Json;
using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Duplicates;
using CaseHub.Cases.Features.Handling;
using CaseHub.Cases.Features.Intake;
using CaseHub.Web.Infrastructure;
using CaseHub.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseHub.Web.Features.Cases;

public sealed record MergeRequest(string? Parent);

public sealed record ComplainantDto(string? Name, string? Phone, string? IdNumber, bool Masked);

public sealed record CaseDto(
    Guid Id, string TrackingNumber, string Channel, string? ExternalId, string Kind, string Grade, string Status,
    string Title, string Description, double? Latitude, double? Longitude, string? Address,
    Guid? GridId, Guid? JurisdictionId, Guid? ItemId, Guid? DepartmentId, Guid? DuplicateOfId, Guid? ProbableDuplicateOfId,
    ComplainantDto Complainant, IReadOnlyList<AttachmentInfo> Attachments,
    DateTimeOffset? OccurredAt, DateTimeOffset ReceivedAt, DateTimeOffset? DispatchedAt, DateTimeOffset? AcceptedAt, DateTimeOffset? DueAt, DateTimeOffset? ClosedAt,
    Guid? WorkflowInstanceId, string? ReplyText, DateTimeOffset? RepliedAt, int ReopenCount,
    string? CallbackResult, bool? CallbackResolved, DateTimeOffset? CallbackAt, long RowVersion,
    string? ItemCode = null, string? ItemName = null, string? DepartmentCode = null, string? DepartmentName = null,
    string? JurisdictionName = null, string? GridName = null);

/// <summary>Intake (一个口子进) and reading a case.</summary>
public static class CaseEndpoints
{
    public static RouteGroupBuilder MapCases(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/cases").WithTags("Cases");
        group.MapPost("/", Receive).Body<IntakeRequest>().RequireAuthorization(Policies.Intake).WithName("ReceiveCase")
            .WithSummary("Receives a case from any channel. 201 when created; 200 with the existing case when the channel and external id were seen before.");
        group.MapPost("/batch", ReceiveBatch).Body<List<IntakeRequest>>().RequireAuthorization(Policies.Intake).WithName("ReceiveCaseBatch")
            .WithSummary("Receives many cases, each on its own; the result lists every item's outcome.");
        group.MapGet("/{key}", Get).WithName("GetCase").WithSummary("A case by tracking number or id.");
        group.MapPost("/{id:guid}/accept", Accept).RequireCaseInScope().WithName("AcceptCase")
            .WithSummary("签收: the handler takes the department's task; 409 if the case is not dispatched or someone else took it.");
        group.MapPost("/{id:guid}/merge", Merge).RequireAuthorization(Policies.Dispatch).RequireCaseInScope().WithName("MergeCase")
            .WithSummary("Merges the case into the open case it repeats (`{parent}`: tracking number or id) and ends its workflow.");
        return api;
    }

    private static async Task<Results<Created<CaseDto>, Ok<CaseDto>>> Receive(HttpRequest request, CaseIntake intake, CaseReferenceNames names, CaseHubDbContext db,
        IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<IntakeRequest>(request, json.Value.SerializerOptions, cancellationToken);
        var result = await intake.ReceiveAsync(body, request.HttpContext.User.Name(), cancellationToken);
        var dto = await DtoAsync(names, db, result.Case, (await request.HttpContext.StaffAsync()).CanSeePersonalData, cancellationToken);
        return result.Created ? TypedResults.Created($"/api/cases/{dto.TrackingNumber}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<Ok<IReadOnlyList<BatchItemResult>>> ReceiveBatch(HttpRequest request, CaseIntake intake, IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<List<IntakeRequest?>>(request, json.Value.SerializerOptions, cancellationToken);
        return TypedResults.Ok(await intake.ReceiveBatchAsync(body, request.HttpContext.User.Name(), cancellationToken));
    }

    private static async Task<Ok<CaseDto>> Get(string key, CaseReferenceNames names, CaseHubDbContext db, HttpContext http, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = db.Set<Case>().AsNoTracking();
        var found = Guid.TryParse(key, out var id)
            ? await query.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            : await query.FirstOrDefaultAsync(c => c.TrackingNumber == key, cancellationToken);
        if (found is null)
            throw new NotFoundException("Case", key);
        var access = await http.StaffAsync();
        await access.EnsureCanSeeCaseAsync(db, found.Id, cancellationToken, asked: key);
        if (access.CanSeePersonalData)
        {
            // Reading a complainant's unmasked data is itself audited.
            db.Add(AuditTrail.Viewed("cases", found.Id.ToString(), time.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Ok(await DtoAsync(names, db, found, access.CanSeePersonalData, cancellationToken));
    }

    private static async Task<Ok<CaseDto>> Accept(Guid id, CaseAcceptance acceptance, CaseReferenceNames names, CaseHubDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var access = await http.StaffAsync();
        var departmentId = await db.Set<Case>().Where(c => c.Id == id).Select(c => c.DepartmentId).FirstOrDefaultAsync(cancellationToken);
        if (!access.IsAdmin && !access.HandlesDepartment(departmentId))
            throw new ForbiddenException(Bilingual.Text("只有承办单位可以签收案件。", "Only the handling department accepts a case."));
        var accepted = await acceptance.AcceptAsync(id, http.User.Name(), cancellationToken);
        return TypedResults.Ok(await DtoAsync(names, db, accepted, access.CanSeePersonalData, cancellationToken));
    }

    private static async Task<Ok<CaseDto>> Merge(Guid id, MergeRequest request, CaseMerge merge, CaseReferenceNames names, CaseHubDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Parent))
            throw new InvalidRequestException("parent", Bilingual.Text("请填写要合并到的案件（受理编号或 ID）。", "Name the case to merge into, by tracking number or id."));
        var merged = await merge.MergeAsync(id, request.Parent.Trim(), http.User.Name(), cancellationToken);
        return TypedResults.Ok(await DtoAsync(names, db, merged, (await http.StaffAsync()).CanSeePersonalData, cancellationToken));
    }

    /// <summary>The case with the names the case page shows: item, department, jurisdiction and grid.</summary>
    internal static async Task<CaseDto> DtoAsync(CaseReferenceNames names, CaseHubDbContext db, Case c, bool unmasked, CancellationToken cancellationToken)
    {
        var n = await names.OfAsync(db, c, cancellationToken);
        return ToDto(c, unmasked) with
        {
            ItemCode = n.ItemCode, ItemName = n.ItemName, DepartmentCode = n.DepartmentCode, DepartmentName = n.DepartmentName,
            JurisdictionName = n.JurisdictionName, GridName = n.GridName,
        };
    }

    internal static CaseDto ToDto(Case c, bool unmasked) => new(
        c.Id, c.TrackingNumber, c.Channel.ToString(), c.ExternalId, c.Kind.ToString(), c.Grade.ToString(), c.Status.ToString(),
        c.Title, c.Description, c.Latitude, c.Longitude, c.Address,
        c.GridId, c.JurisdictionId, c.ItemId, c.DepartmentId, c.DuplicateOfId, c.ProbableDuplicateOfId,
        unmasked
            ? new ComplainantDto(c.Complainant.Name, c.Complainant.Phone, c.Complainant.IdNumber, false)
            : new ComplainantDto(PersonalData.MaskName(c.Complainant.Name), PersonalData.MaskPhone(c.Complainant.Phone), PersonalData.MaskIdNumber(c.Complainant.IdNumber), true),
        c.Attachments, c.OccurredAt, c.ReceivedAt, c.DispatchedAt, c.AcceptedAt, c.DueAt, c.ClosedAt, c.WorkflowInstanceId,
        c.ReplyText, c.RepliedAt, c.ReopenCount, c.CallbackResult?.ToString(), c.CallbackResolved, c.CallbackAt, c.RowVersion);
}
