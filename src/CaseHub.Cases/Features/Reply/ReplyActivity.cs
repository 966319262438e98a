using System.Text.Json.Nodes;
using CaseHub.Cases.Features.Intake;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Reply;

/// <summary>
/// 答复 (一个口子出): records the reply on the case and queues it, through the outbox, to the complainant by the case's channel,
/// and to the complainant of every case merged into it by that case's own channel.
/// </summary>
public sealed class ReplyActivity : Activity
{
    public const int MaxLength = 4000;
    private static readonly string[] HandlingTypes = ["CaseHub.Handle", "CaseHub.SelfHandle"];

    public override ActivityDescriptor Descriptor { get; } = new(
        "CaseHub.Reply", Categories.Cases, new("答复", "Reply"),
        new("把答复经案件来源渠道发给诉求人（一个口子出），合并件的诉求人也收到同一答复。",
            "Sends the reply to the complainant through the channel the case came from; complainants of merged duplicates get it too."),
        [
            new InputDescriptor("text", "String", UIHints.MultiLine, new("答复内容", "Reply text"),
                Description: new("不填则用最近一次办理结果", "The latest handling result when left empty")),
            new InputDescriptor("alreadyAnswered", "Boolean", UIHints.Checkbox, new("已当场答复", "Already answered"), DefaultValue: false,
                Description: new("诉求人已在电话中获知答复：只记录，不再发送（合并件的诉求人仍会收到）",
                    "The complainant heard the answer on the phone: record it without sending (merged complainants still get it)")),
        ],
        [new("Done", new("已答复", "Replied"))],
        Icon: "message");

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var @case = await context.CaseOfAsync();
        var text = context.GetString("text") is { } given && !string.IsNullOrWhiteSpace(given) ? given.Trim() : await LatestHandlingResultAsync(context);
        if (string.IsNullOrWhiteSpace(text))
            throw new ActivityInputException("text", "There is no reply: set the text, or reach this activity after a handling step that recorded a result.");
        if (text.Length > MaxLength)
            throw new ActivityInputException("text", $"The reply has {text.Length} characters; at most {MaxLength} fit.");

        var outbox = context.Services.GetRequiredService<ReplyOutbox>();
        var messages = new JsonArray();
        if (context.GetBool("alreadyAnswered"))
        {
            @case.ReplyText = text;
            @case.RepliedAt = context.Now;
            @case.UpdatedAt = context.Now;
        }
        else
        {
            messages.Add(outbox.Enqueue(context.Db, @case, text, context.Now).Id);
        }
        var merged = await context.Db.Set<Case>().Where(c => c.DuplicateOfId == @case.Id && c.Status == CaseStatus.Merged).ToListAsync();
        foreach (var child in merged)
            messages.Add(outbox.Enqueue(context.Db, child, text, context.Now).Id);

        context.SetOutput(new JsonObject { ["text"] = text, ["messages"] = messages });
        return ActivityResult.Done();
    }

    /// <summary>
    /// The result of the handling step that completed last. Outputs are kept per activity, so the journal (saved, and this
    /// run's unsaved entries) says which handling activity that was.
    /// </summary>
    private static async Task<string?> LatestHandlingResultAsync(ActivityContext context)
    {
        var instanceId = context.Instance.Id;
        var journal = context.Db.Set<WorkflowJournalEntry>();
        var stored = await journal
            .Where(j => j.InstanceId == instanceId && HandlingTypes.Contains(j.ActivityType) && j.Event == JournalEvent.Resumed && j.Outcome != null)
            .Select(j => new { j.ActivityId, j.Sequence })
            .ToListAsync();
        var unsaved = journal.Local
            .Where(j => j.InstanceId == instanceId && HandlingTypes.Contains(j.ActivityType) && j.Event == JournalEvent.Resumed && j.Outcome != null)
            .Select(j => new { j.ActivityId, j.Sequence });
        return stored.Concat(unsaved)
            .OrderByDescending(j => j.Sequence)
            .Select(j => (string?)context.Outputs[j.ActivityId]?["result"])
            .FirstOrDefault(r => !string.IsNullOrWhiteSpace(r));
    }
}
