using System.Text.RegularExpressions;
using CaseHub.Cases.Features.Items;

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
            Add("channel", "The channel is required.");
        else if (!Enum.TryParse(request.Channel, ignoreCase: true, out channel) || !Enum.IsDefined(channel) || int.TryParse(request.Channel, out _))
            Add("channel", $"Unknown channel '{request.Channel}'; use one of: {string.Join(", ", Enum.GetNames<Channel>())}.");

        CaseKind kind = default;
        if (string.IsNullOrWhiteSpace(request.Kind))
            Add("kind", "The kind is required.");
        else if (!Enum.TryParse(request.Kind, ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(request.Kind, out _))
            Add("kind", $"Unknown kind '{request.Kind}'; use one of: {string.Join(", ", Enum.GetNames<CaseKind>())}.");

        if (request.ExternalId is { Length: > 100 })
            Add("externalId", "The external id must be at most 100 characters.");
        if (string.IsNullOrWhiteSpace(request.Title))
            Add("title", "The title is required.");
        else if (request.Title.Length > 200)
            Add("title", "The title must be at most 200 characters.");
        if (string.IsNullOrWhiteSpace(request.Description))
            Add("description", "The description is required.");
        else if (request.Description.Length > MaxDescription)
            Add("description", $"The description must be at most {MaxDescription} characters; it has {request.Description.Length}.");

        var location = request.Location;
        if (location is not null)
        {
            if (location.Lat is null != location.Lng is null)
                Add(location.Lat is null ? "location.lat" : "location.lng", "Give both latitude and longitude, or neither.");
            if (location.Lat is { } lat && (lat is < -90 or > 90 || double.IsNaN(lat)))
                Add("location.lat", $"Latitude {lat} is out of range (-90 to 90).");
            if (location.Lng is { } lng && (lng is < -180 or > 180 || double.IsNaN(lng)))
                Add("location.lng", $"Longitude {lng} is out of range (-180 to 180).");
            if (location.Address is { Length: > 500 })
                Add("location.address", "The address must be at most 500 characters.");
        }

        var complainant = request.Complainant;
        if (complainant?.Name is { Length: > 100 })
            Add("complainant.name", "The name must be at most 100 characters.");
        if (complainant?.Phone is { Length: > 0 } phone && !PhonePattern().IsMatch(phone))
            Add("complainant.phone", "The phone number must be 5 to 20 digits, optionally with a leading + and dashes.");
        if (complainant?.IdNumber is { Length: > 0 } idNumber && !IdNumberPattern().IsMatch(idNumber))
            Add("complainant.idNumber", "The id number must be 15 or 18 characters: digits, with an X allowed last.");

        if (request.OccurredAt is { } occurred && occurred > now.AddMinutes(5))
            Add("occurredAt", "The time it occurred cannot be in the future.");

        var attachments = request.Attachments ?? [];
        if (attachments.Count > MaxAttachments)
            Add("attachments", $"At most {MaxAttachments} attachments.");
        for (var i = 0; i < attachments.Count; i++)
        {
            var a = attachments[i];
            if (a is null || string.IsNullOrWhiteSpace(a.FileName) || a.FileName.Length > 255)
                Add($"attachments[{i}].fileName", "Each attachment needs a file name of at most 255 characters.");
            if (a is not null && a.Size < 0)
                Add($"attachments[{i}].size", "The size cannot be negative.");
            if (a?.Url is { Length: > 1000 })
                Add($"attachments[{i}].url", "The URL must be at most 1000 characters.");
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
