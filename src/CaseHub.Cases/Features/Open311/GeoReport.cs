using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Cases.Features.Reply;
using CaseHub.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Open311;

/// <summary>An active leaf of the item list as an Open311 service. <see cref="Group"/> is the name of its level-1 ancestor.</summary>
public sealed record GeoService(Guid ItemId, string Code, string Name, string Description, IReadOnlyList<string> Keywords, string Group, IReadOnlyList<CaseKind> Kinds);

/// <summary>A POST requests body, field by field as the spec names them (device_id and account_id are not kept).</summary>
public sealed record GeoSubmission(
    string? ServiceCode, double? Lat, double? Long, string? AddressString, string? AddressId, string? Description,
    string? FirstName, string? LastName, string? Phone, string? Email, string? MediaUrl);

/// <summary>GET requests filters. <see cref="Ids"/> (tracking numbers), when given, override every other filter, as the spec says.</summary>
public sealed record GeoQuery(IReadOnlyList<string>? Ids, string? ServiceCode, DateTimeOffset Start, DateTimeOffset End, bool? Open);

/// <summary>A case as an Open311 service request. Holds no personal data of the complainant.</summary>
public sealed record GeoRequest(
    Guid CaseId, string ServiceRequestId, bool Open, CaseStatus Status, string StatusNotes, string? ServiceName, string? ServiceCode,
    string Description, string? AgencyResponsible, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ExpectedAt,
    string? Address, double? Lat, double? Long, string? MediaUrl);

/// <summary>
/// Open311 GeoReport v2 over the case domain: the item list's active leaves are the services, cases are the service
/// requests (service_request_id = tracking number), and new requests enter through <see cref="CaseIntake"/> like every channel.
/// </summary>
public sealed class GeoReport(CaseHubDbContext db, CaseIntake intake)
{
    /// <summary>Most requests one GET returns, and the longest date window it may ask for (both from the spec).</summary>
    public const int MaxRequests = 1000;
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);

    private static readonly CaseStatus[] ClosedStatuses = [CaseStatus.Closed, CaseStatus.Merged, CaseStatus.Cancelled];

    public static bool IsOpen(CaseStatus status) => !ClosedStatuses.Contains(status);

    /// <summary>The active leaves, by code. The item list is small (hundreds to a few thousand rows), so it is read whole.</summary>
    public async Task<IReadOnlyList<GeoService>> ServicesAsync(CancellationToken cancellationToken)
    {
        var items = await db.Set<Item>().AsNoTracking().ToListAsync(cancellationToken);
        var byId = items.ToDictionary(i => i.Id);
        var parents = items.Where(i => i.ParentId is not null).Select(i => i.ParentId!.Value).ToHashSet();
        return items.Where(i => i.IsActive && !parents.Contains(i.Id))
            .OrderBy(i => i.Code, StringComparer.Ordinal)
            .Select(i =>
            {
                var path = Ancestry(i, byId);
                return new GeoService(i.Id, i.Code, i.NameZh, string.Join(" / ", path.Select(a => a.NameZh)), i.Keywords, path[0].NameZh, i.Kinds);
            })
            .ToList();
    }

    public async Task<GeoService?> ServiceAsync(string code, CancellationToken cancellationToken) =>
        (await ServicesAsync(cancellationToken)).FirstOrDefault(s => s.Code == code);

    /// <summary>
    /// Receives a request as a case of channel Open311: title = service name, item = the service, kind Complaint unless the
    /// item does not list it (then its first listed kind).
    /// </summary>
    /// <exception cref="InvalidRequestException">A field is missing or bad (field named as the spec names it).</exception>
    public async Task<GeoRequest> SubmitAsync(GeoSubmission submission, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(submission.ServiceCode))
            throw new InvalidRequestException("service_code", "service_code is required.");
        var service = await ServiceAsync(submission.ServiceCode.Trim(), cancellationToken)
            ?? throw new InvalidRequestException("service_code", $"service_code '{submission.ServiceCode}' is not a service; see services.json.");
        var address = Blank(submission.AddressString) ?? Blank(submission.AddressId);
        if (submission.Lat is null != submission.Long is null)
            throw new InvalidRequestException(submission.Lat is null ? "lat" : "long", "Give both lat and long, or neither.");
        if (submission.Lat is null && address is null)
            throw new InvalidRequestException("location", "A location is required: lat and long, address_string or address_id.");

        var kind = service.Kinds.Count == 0 || service.Kinds.Contains(CaseKind.Complaint) ? CaseKind.Complaint : service.Kinds[0];
        var name = (Blank(submission.LastName) + Blank(submission.FirstName)) is { Length: > 0 } n ? n : null;
        var request = new IntakeRequest(
            nameof(Channel.Open311), null, kind.ToString(), service.Name,
            Blank(submission.Description) ?? service.Name,
            new IntakeLocation(submission.Lat, submission.Long, address),
            new IntakeComplainant(name, Blank(submission.Phone), null),
            null,
            Blank(submission.MediaUrl) is { } url ? [Media(url)] : null,
            service.Code);
        Case created;
        try
        {
            created = (await intake.ReceiveAsync(request, actor, cancellationToken)).Case;
        }
        catch (ValidationFailedException e)
        {
            var (field, messages) = e.Errors.First();
            throw new InvalidRequestException(SpecField(field), string.Join(" ", messages));
        }
        return (await ToRequestsAsync([created], cancellationToken))[0];
    }

    /// <summary>Requests newest first, at most <see cref="MaxRequests"/>. <paramref name="allChannels"/> false lists only Open311 cases.</summary>
    public async Task<IReadOnlyList<GeoRequest>> FindAsync(GeoQuery query, bool allChannels, CancellationToken cancellationToken)
    {
        var cases = Visible(allChannels);
        if (query.Ids is { Count: > 0 })
        {
            var ids = query.Ids.ToArray();
            cases = cases.Where(c => ids.Contains(c.TrackingNumber));
        }
        else
        {
            if (query.End < query.Start)
                throw new InvalidRequestException("end_date", "end_date is before start_date.");
            if (query.End - query.Start > MaxWindow)
                throw new InvalidRequestException("start_date", $"The date window may span at most {MaxWindow.TotalDays:0} days.");
            // Stored times are UTC; PostgreSQL refuses other offsets, and SQLite's encoding compares only like offsets.
            var (start, end) = (query.Start.ToUniversalTime(), query.End.ToUniversalTime());
            cases = cases.Where(c => c.ReceivedAt >= start && c.ReceivedAt <= end);
            if (!string.IsNullOrWhiteSpace(query.ServiceCode))
            {
                var codes = query.ServiceCode.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var itemIds = await db.Set<Item>().Where(i => codes.Contains(i.Code)).Select(i => (Guid?)i.Id).ToListAsync(cancellationToken);
                cases = cases.Where(c => itemIds.Contains(c.ItemId));
            }
            if (query.Open is { } open)
                cases = open ? cases.Where(c => !ClosedStatuses.Contains(c.Status)) : cases.Where(c => ClosedStatuses.Contains(c.Status));
        }
        var found = await cases.OrderByDescending(c => c.ReceivedAt).ThenByDescending(c => c.TrackingNumber)
            .Take(MaxRequests).ToListAsync(cancellationToken);
        return await ToRequestsAsync(found, cancellationToken);
    }

    /// <exception cref="NotFoundException">No visible case has this tracking number.</exception>
    public async Task<GeoRequest> GetAsync(string serviceRequestId, bool allChannels, CancellationToken cancellationToken)
    {
        var found = await Visible(allChannels).FirstOrDefaultAsync(c => c.TrackingNumber == serviceRequestId, cancellationToken)
            ?? throw new NotFoundException("Service request", serviceRequestId);
        return (await ToRequestsAsync([found], cancellationToken))[0];
    }

    /// <summary>The token POST requests hands out is the case id; it maps back to the tracking number.</summary>
    /// <exception cref="NotFoundException">The token is not a case id of a visible case.</exception>
    public async Task<string> ServiceRequestIdForTokenAsync(string token, bool allChannels, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(token, out var id))
            throw new NotFoundException("Token", token);
        return await Visible(allChannels).Where(c => c.Id == id).Select(c => c.TrackingNumber).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Token", token);
    }

    private IQueryable<Case> Visible(bool allChannels) =>
        allChannels ? db.Set<Case>().AsNoTracking() : db.Set<Case>().AsNoTracking().Where(c => c.Channel == Channel.Open311);

    private async Task<List<GeoRequest>> ToRequestsAsync(IReadOnlyList<Case> cases, CancellationToken cancellationToken)
    {
        var itemIds = cases.Where(c => c.ItemId is not null).Select(c => c.ItemId!.Value).Distinct().ToList();
        var items = await db.Set<Item>().AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var departmentIds = cases.Where(c => c.DepartmentId is not null).Select(c => c.DepartmentId!.Value).Distinct().ToList();
        var departments = await db.Set<Department>().AsNoTracking().Where(d => departmentIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var parentIds = cases.Where(c => c.DuplicateOfId is not null).Select(c => c.DuplicateOfId!.Value).Distinct().ToList();
        var parents = await db.Set<Case>().AsNoTracking().Where(c => parentIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.TrackingNumber, cancellationToken);
        var replies = await CaseStatusPage.DeliveredRepliesAsync(db, [.. cases.Select(c => c.Id)], cancellationToken);

        return cases.Select(c =>
        {
            var item = c.ItemId is { } itemId ? items.GetValueOrDefault(itemId) : null;
            // Once the reply reached this request (一个口子出 through Open311), it is what the client shows.
            var notes = replies.TryGetValue(c.Id, out var reply) ? reply.Text
                : c.Status == CaseStatus.Merged && c.DuplicateOfId is { } parent && parents.TryGetValue(parent, out var into) ? $"合并到 {into}"
                : StatusName(c.Status);
            return new GeoRequest(
                c.Id, c.TrackingNumber, IsOpen(c.Status), c.Status, notes, item?.NameZh, item?.Code, c.Description,
                c.DepartmentId is { } d ? departments.GetValueOrDefault(d) : null,
                c.ReceivedAt, c.UpdatedAt, c.DueAt, c.Address, c.Latitude, c.Longitude,
                c.Attachments.Select(a => a.Url).FirstOrDefault(u => !string.IsNullOrEmpty(u)));
        }).ToList();
    }

    /// <summary>The status as the citizen-facing workbench names it.</summary>
    public static string StatusName(CaseStatus status) => status switch
    {
        CaseStatus.New => "已受理",
        CaseStatus.PendingDispatch => "待派单",
        CaseStatus.Dispatched => "已派单",
        CaseStatus.Accepted => "办理中",
        CaseStatus.Completed => "已办结",
        CaseStatus.Closed => "已关闭",
        CaseStatus.Merged => "已合并",
        CaseStatus.Cancelled => "已撤销",
        _ => status.ToString(),
    };

    private static List<Item> Ancestry(Item item, Dictionary<Guid, Item> byId)
    {
        var path = new List<Item> { item };
        for (var current = item; current.ParentId is { } parentId && byId.TryGetValue(parentId, out var parent) && path.Count <= 4; current = parent)
            path.Insert(0, parent);
        return path;
    }

    private static AttachmentInfo Media(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidRequestException("media_url", "media_url must be an absolute http or https URL.");
        var fileName = Path.GetFileName(uri.AbsolutePath) is { Length: > 0 and <= 255 } name ? name : "media";
        var contentType = Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".jpg" or ".jpeg" => "image/jpeg",
            ".png" => "image/png",
            ".gif" => "image/gif",
            ".webp" => "image/webp",
            ".mp4" => "video/mp4",
            _ => "application/octet-stream",
        };
        return new AttachmentInfo(fileName, contentType, 0, url);
    }

    /// <summary>Intake's field names back to the spec's.</summary>
    private static string SpecField(string intakeField) => intakeField switch
    {
        "location.lat" => "lat",
        "location.lng" => "long",
        "location.address" => "address_string",
        "complainant.phone" => "phone",
        "complainant.name" => "last_name",
        "itemCode" or "title" => "service_code",
        _ when intakeField.StartsWith("attachments", StringComparison.Ordinal) => "media_url",
        _ => intakeField,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
