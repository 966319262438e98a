using System.Globalization;
using System.Text.Json.Nodes;
using CaseHub.Cases.Features.Intake;
using CaseHub.Workflows.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Duplicates;

/// <summary>Flags a probable duplicate of an open case, for the dispatcher to merge or dispatch.</summary>
public sealed class DetectDuplicateActivity : Activity
{
    public const string Unique = "Unique";
    public const string ProbableDuplicate = "ProbableDuplicate";

    public override ActivityDescriptor Descriptor { get; } = new(
        "CaseHub.DetectDuplicate", Categories.Cases, new("查重", "Detect duplicate"),
        new("同一事项、附近、近期且内容相似的在办件视为疑似重复件，交派单员合并或派单。", "An open case of the same item, nearby, recent and with similar text makes this a probable duplicate for the dispatcher to merge or dispatch."),
        [], [new(Unique, new("非重复", "Unique")), new(ProbableDuplicate, new("疑似重复", "Probable duplicate"))], Icon: "copy");

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var @case = await context.CaseOfAsync();
        var found = await context.Services.GetRequiredService<DuplicateFinder>().FindAsync(@case, default);
        if (found is null)
            return ActivityResult.Done(Unique);
        @case.ProbableDuplicateOfId = found.Case.Id;
        @case.UpdatedAt = context.Now;
        context.SetOutput(new JsonObject
        {
            ["trackingNumber"] = found.Case.TrackingNumber,
            ["distanceMetres"] = Math.Round(found.DistanceMetres, 1),
            ["similarity"] = Math.Round(found.Similarity, 3),
        });
        context.Log(string.Create(CultureInfo.InvariantCulture, $"Probable duplicate of {found.Case.TrackingNumber} ({found.DistanceMetres:F0} m, similarity {found.Similarity:F2})"));
        return ActivityResult.Done(ProbableDuplicate);
    }
}
