namespace CaseHub.Workflows;

/// <summary>The thing asked for does not exist (HTTP 404).</summary>
public sealed class NotFoundException(string what, object id) : Exception(Bilingual.Text($"未找到{InChinese(what)}“{id}”。", $"{what} '{id}' was not found."))
{
    public string What { get; } = what;

    // The nouns callers name; one not listed reads in English inside the Chinese sentence rather than failing.
    private static readonly Dictionary<string, string> Nouns = new(StringComparer.Ordinal)
    {
        ["Case"] = "案件", ["Task"] = "任务", ["Workflow"] = "流程", ["Workflow instance"] = "流程实例",
        ["Workflow version"] = "流程版本", ["Workflow of case"] = "案件的流程", ["Published workflow"] = "已发布的流程",
        ["Draft of workflow"] = "流程草稿", ["Supervision order"] = "督办单", ["Notification"] = "通知", ["Token"] = "令牌",
        ["Sign-in provider"] = "登录方式", ["Service"] = "服务", ["Service request"] = "服务请求", ["Outbox message"] = "待发消息",
        ["Org unit"] = "组织单元", ["Item"] = "事项", ["Incident"] = "故障", ["Extension request"] = "延期申请",
        ["Escalation"] = "提级记录", ["Calendar day"] = "日历日",
    };

    private static string InChinese(string what) => Nouns.GetValueOrDefault(what, what);
}

/// <summary>
/// Someone else changed or holds the thing first (HTTP 409). <paramref name="problemType"/>, when given, becomes the
/// problem's <c>type</c>, so that a client can tell one conflict from another without reading the sentence.
/// </summary>
public sealed class ConflictException(string message, string? problemType = null) : Exception(message)
{
    /// <summary>The problem type of a create whose key (a code, an id) is taken already.</summary>
    public const string AlreadyExists = "urn:casehub:problem:already-exists";

    /// <summary>The problem type of a save over a version other than the one the caller read (a stale ETag or row version).</summary>
    public const string Stale = "urn:casehub:problem:stale";

    public string? ProblemType { get; } = problemType;
}

/// <summary>The user may not do this (403). Things outside the user's jurisdiction are reported as not found instead, so their existence does not leak.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The request is well-formed but not allowed in the current state (HTTP 409 with a reason).</summary>
public sealed class InvalidStateException(string message) : Exception(message);

/// <summary>A field of the request is invalid (HTTP 400, naming the field).</summary>
public sealed class InvalidRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>Several fields of the request are invalid (HTTP 400 with every field and its reasons).</summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(Bilingual.Text($"请求中有 {errors.Count} 个字段有误：{string.Join("、", errors.Keys)}。",
        $"The request has {errors.Count} invalid field(s): {string.Join(", ", errors.Keys)}."))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
