using CaseHub.Workflows.Activities;

namespace CaseHub.Workflows.Tests.Harness;

/// <summary>A host activity that writes a domain row in the workflow's unit of work, as case activities do.</summary>
public sealed class AddCaseActivity : Activity
{
    public const string Type = "Test.AddCase";

    public override ActivityDescriptor Descriptor { get; } = new(
        Type, Categories.Cases, new LocalizedText("登记案件", "Add case"), new LocalizedText("登记一个测试案件。", "Adds a test case."),
        [new InputDescriptor("number", "String", UIHints.SingleLine, new LocalizedText("编号", "Number"), Required: true)],
        [new OutcomeDescriptor("Done", new LocalizedText("完成", "Done"))]);

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.Db.Add(new TestCase { Id = Guid.NewGuid(), Number = context.GetString("number") ?? "" });
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
