using System.Text.RegularExpressions;
using CaseHub.Cases.Features.Items;
using CaseHub.Workflows;

namespace CaseHub.Cases.Features.Intake;

/// <summary>
/// A case as a channel sends it. Channel and kind are names (e.g. "Hotline", "Complaint") so unknown ones get a clear error.
/// <paramref name="ItemCode"/>, when the channel already knows the item (an Open311 service code), classifies the case at intake.
/// </summary>
public sealed record IntakeRequest(
    string? Channel,
    string? ExternalId,
    string? Kind,
    string? Title,
    string? Description,
    IntakeLocation? Location,
    IntakeComplainant? Complainant,
    DateTimeOffset? OccurredAt,
    List<AttachmentInfo>? Attachments,
    string? ItemCode = null);

public sealed record IntakeLocation(double? Lat, double? Lng, string? Address);

public sealed record IntakeComplainant(string? Name, string? Phone, string? IdNumber);

/// <summary>The request after validation: every field known good.</summary>
internal sealed record ValidIntake(Channel Channel, string? ExternalId, CaseKind Kind, string Title, string Description,
    double? Lat, double? Lng, string? Address, Complainant Complainant, DateTimeOffset? OccurredAt, List<AttachmentInfo> Attachments);

internal static partial class IntakeValidation
{
    public const int MaxDescription = 4000;
    public const int MaxAttachments = 20;

    /// <summary>Every problem, keyed by the field's JSON path; empty when the request is good.</summary>
    public static Dictionary<string, string[]> Check(IntakeRequest request, DateTimeOffset now, out ValidIntake? valid)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
                errors[field] = list = [];
            list.Add(message);
        }

        Channel channel = default;
        if (string.IsNullOrWhiteSpace(request.Channel))
            Add("channel", Bilingual.Text("请填写来源渠道。", "The channel is required."));
        else if (!Enum.TryParse(request.Channel, ignoreCase: true, out channel) || !Enum.IsDefined(channel) || int.TryParse(request.Channel, out _))
            Add("channel", Bilingual.Text($"未知的来源渠道“{request.Channel}”，可选：{string.Join("、", Enum.GetNames<Channel>())}。",
                $"Unknown channel '{request.Channel}'; use one of: {string.Join(", ", Enum.GetNames<Channel>())}."));

        CaseKind kind = default;
        if (string.IsNullOrWhiteSpace(request.Kind))
            Add("kind", Bilingual.Text("请填写诉求类别。", "The kind is required."));
        else if (!Enum.TryParse(request.Kind, ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(request.Kind, out _))
            Add("kind", Bilingual.Text($"未知的诉求类别“{request.Kind}”，可选：{string.Join("、", Enum.GetNames<CaseKind>())}。",
                $"Unknown kind '{request.Kind}'; use one of: {string.Join(", ", Enum.GetNames<CaseKind>())}."));

        if (request.ExternalId is { Length: > 100 })
            Add("externalId", Bilingual.Text("外部编号最多 100 个字符。", "The external id must be at most 100 characters."));
        if (string.IsNullOrWhiteSpace(request.Title))
            Add("title", Bilingual.Text("请填写标题。", "The title is required."));
        else if (request.Title.Length > 200)
            Add("title", Bilingual.Text("标题最多 200 字。", "The title must be at most 200 characters."));
        if (string.IsNullOrWhiteSpace(request.Description))
            Add("description", Bilingual.Text("请填写诉求内容。", "The description is required."));
        else if (request.Description.Length > MaxDescription)
            Add("description", Bilingual.Text($"诉求内容最多 {MaxDescription} 字，现有 {request.Description.Length} 字。",
                $"The description must be at most {MaxDescription} characters; it has {request.Description.Length}."));

        var location = request.Location;
        if (location is not null)
        {
            if (location.Lat is null != location.Lng is null)
                Add(location.Lat is null ? "location.lat" : "location.lng", Bilingual.Text("纬度和经度须同时填写，或都不填。", "Give both latitude and longitude, or neither."));
            if (location.Lat is { } lat && (lat is < -90 or > 90 || double.IsNaN(lat)))
                Add("location.lat", Bilingual.Text($"纬度 {lat} 超出范围（-90 至 90）。", $"Latitude {lat} is out of range (-90 to 90)."));
            if (location.Lng is { } lng && (lng is < -180 or > 180 || double.IsNaN(lng)))
                Add("location.lng", Bilingual.Text($"经度 {lng} 超出范围（-180 至 180）。", $"Longitude {lng} is out of range (-180 to 180)."));
            if (location.Address is { Length: > 500 })
                Add("location.address", Bilingual.Text("地址最多 500 字。", "The address must be at most 500 characters."));
        }

        var complainant = request.Complainant;
        if (complainant?.Name is { Length: > 100 })
            Add("complainant.name", Bilingual.Text("姓名最多 100 字。", "The name must be at most 100 characters."));
        if (complainant?.Phone is { Length: > 0 } phone && !PhonePattern().IsMatch(phone))
            Add("complainant.phone", Bilingual.Text("电话号码须为 5 至 20 位数字，可以“+”开头，可含“-”。",
                "The phone number must be 5 to 20 digits, optionally with a leading + and dashes."));
        if (complainant?.IdNumber is { Length: > 0 } idNumber && !IdNumberPattern().IsMatch(idNumber))
            Add("complainant.idNumber", Bilingual.Text("证件号须为 15 位或 18 位：均为数字，最后一位可以是 X。",
                "The id number must be 15 or 18 characters: digits, with an X allowed last."));

        if (request.OccurredAt is { } occurred && occurred > now.AddMinutes(5))
            Add("occurredAt", Bilingual.Text("发生时间不能晚于当前时间。", "The time it occurred cannot be in the future."));

        var attachments = request.Attachments ?? [];
        if (attachments.Count > MaxAttachments)
            Add("attachments", Bilingual.Text($"附件最多 {MaxAttachments} 个。", $"At most {MaxAttachments} attachments."));
        for (var i = 0; i < attachments.Count; i++)
        {
            var a = attachments[i];
            if (a is null || string.IsNullOrWhiteSpace(a.FileName) || a.FileName.Length > 255)
                Add($"attachments[{i}].fileName", Bilingual.Text("每个附件都须有文件名，且不超过 255 个字符。", "Each attachment needs a file name of at most 255 characters."));
            if (a is not null && a.Size < 0)
                Add($"attachments[{i}].size", Bilingual.Text("文件大小不能为负数。", "The size cannot be negative."));
            if (a?.Url is { Length: > 1000 })
                Add($"attachments[{i}].url", Bilingual.Text("URL 最多 1000 个字符。", "The URL must be at most 1000 characters."));
        }

        valid = errors.Count > 0 ? null : new ValidIntake(
            channel, string.IsNullOrWhiteSpace(request.ExternalId) ? null : request.ExternalId.Trim(), kind,
            request.Title!.Trim(), request.Description!.Trim(), location?.Lat, location?.Lng,
            string.IsNullOrWhiteSpace(location?.Address) ? null : location.Address.Trim(),
            new Complainant { Name = Blank(complainant?.Name), Phone = Blank(complainant?.Phone), IdNumber = Blank(complainant?.IdNumber)?.ToUpperInvariant() },
            request.OccurredAt?.ToUniversalTime(), attachments);
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex(@"^\+?[0-9][0-9\- ]{3,22}[0-9]$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^([0-9]{15}|[0-9]{17}[0-9Xx])$")]
    private static partial Regex IdNumberPattern();
}
