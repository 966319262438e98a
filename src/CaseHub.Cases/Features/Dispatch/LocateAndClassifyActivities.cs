using System.Text.Json.Nodes;
using CaseHub.Cases.Features.Intake;
using CaseHub.Cases.Features.Items;
using CaseHub.Cases.Features.Organisation;
using CaseHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Dispatch;

/// <summary>Locates the case: point → grid → jurisdiction, or the address text when there is no point.</summary>
public sealed class LocateActivity : Activity
{
    public const string Located = "Located";
    public const string Unlocated = "Unlocated";

    public override ActivityDescriptor Descriptor { get; } = new(
        "CaseHub.Locate", Categories.Cases, new("定位", "Locate"),
        new("按坐标找到网格和属地；没有坐标时按地址文字匹配。定位不到的走“未定位”，交人工派单。", "Finds the grid and jurisdiction from the coordinates, or from the address text; Unlocated goes to manual dispatch."),
        [], [new(Located, new("已定位", "Located")), new(Unlocated, new("未定位", "Unlocated"))], Icon: "aim");

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var @case = await context.CaseOfAsync();
        var locator = context.Services.GetRequiredService<GridLocator>();
        var location = @case.Latitude is { } lat && @case.Longitude is { } lng ? await locator.LocateAsync(lat, lng) : null;
        var method = "point";
        if (location is null && @case.Address is { Length: > 0 } address)
        {
            location = await locator.LocateByAddressAsync(address);
            method = "address";
        }
        if (location is null)
            return ActivityResult.Done(Unlocated);
        @case.GridId = location.Grid?.Id;
        @case.JurisdictionId = location.Jurisdiction.Id;
        @case.UpdatedAt = context.Now;
        context.SetOutput(new JsonObject
        {
            ["method"] = method,
            ["grid"] = location.Grid?.Code,
            ["jurisdiction"] = location.Jurisdiction.Code,
            ["jurisdictionName"] = location.Jurisdiction.Name,
        });
        return ActivityResult.Done(Located);
    }
}

/// <summary>定性: suggests items from the case text; a confident top suggestion classifies the case.</summary>
public sealed class ClassifyActivity : Activity
{
    public const string Classified = "Classified";
    public const string Unclassified = "Unclassified";

    public override ActivityDescriptor Descriptor { get; } = new(
        "CaseHub.Classify", Categories.Cases, new("定性", "Classify"),
        new("按诉求内容匹配事项清单；最可能的事项达到置信度时自动定性，否则留给派单员确认。", "Matches the case text against the item list; the top item classifies the case when confident enough, otherwise the dispatcher confirms."),
        [new InputDescriptor("minConfidence", "Double", UIHints.Number, new("自动定性的最低置信度", "Minimum confidence"), DefaultValue: 0.6)],
        [new(Classified, new("已定性", "Classified")), new(Unclassified, new("未定性", "Unclassified"))], Icon: "tags");

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var @case = await context.CaseOfAsync();
        if (@case.ItemId is not null)
            return ActivityResult.Done(Classified);
        var minimum = context.Evaluate("minConfidence") is JsonValue v && v.TryGetValue(out double d) ? d
            : double.TryParse(context.GetString("minConfidence"), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : 0.6;
        var classifier = context.Services.GetRequiredService<ItemClassifier>();
        var suggestions = await classifier.SuggestAsync($"{@case.Title} {@case.Description}", @case.Kind, 3, default);
        context.SetOutput(new JsonObject
        {
            ["suggestions"] = new JsonArray([.. suggestions.Select(s => (JsonNode)new JsonObject { ["code"] = s.Code, ["nameZh"] = s.NameZh, ["confidence"] = Math.Round(s.Confidence, 3) })]),
        });
        if (suggestions.FirstOrDefault() is not { } top || top.Confidence < minimum)
            return ActivityResult.Done(Unclassified);
        @case.ItemId = top.ItemId;
        if (await classifier.ItemAsync(top.ItemId, context.Db, default) is { } item)
            @case.Grade = item.DefaultGrade;
        @case.UpdatedAt = context.Now;
        return ActivityResult.Done(Classified);
    }
}
