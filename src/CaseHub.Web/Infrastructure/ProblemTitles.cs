using System.Text.RegularExpressions;
using CaseHub.Workflows;
using Microsoft.AspNetCore.Mvc;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// The titles of the problems the framework writes itself (a path that does not exist, a method a path does not take,
/// too many sign-ins, a server error), in Chinese for a caller who prefers it. CaseHub's own problems are already
/// written in the caller's language and keep their titles.
/// </summary>
public static partial class ProblemTitles
{
    private static readonly Dictionary<int, string> Chinese = new()
    {
        [StatusCodes.Status400BadRequest] = "请求有误",
        [StatusCodes.Status401Unauthorized] = "请先登录",
        [StatusCodes.Status403Forbidden] = "无权操作",
        [StatusCodes.Status404NotFound] = "未找到",
        [StatusCodes.Status405MethodNotAllowed] = "不支持此请求方法",
        [StatusCodes.Status409Conflict] = "冲突",
        [StatusCodes.Status413PayloadTooLarge] = "请求正文过大",
        [StatusCodes.Status415UnsupportedMediaType] = "不支持的请求正文格式",
        [StatusCodes.Status429TooManyRequests] = "请求过于频繁，请稍后再试",
        [StatusCodes.Status500InternalServerError] = "服务器内部错误",
        [StatusCodes.Status503ServiceUnavailable] = "服务暂不可用",
    };

    public static void InCallersLanguage(ProblemDetails problem)
    {
        if (!Bilingual.PrefersChinese || problem.Title is { } title && HasChinese().IsMatch(title))
            return;
        if (problem.Status is { } status && Chinese.TryGetValue(status, out var chinese))
            problem.Title = chinese;
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HasChinese();
}
