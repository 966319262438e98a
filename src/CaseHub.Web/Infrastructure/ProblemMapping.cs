using CaseHub.Workflows;
using CaseHub.Workflows.Definitions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// Maps the domain's exceptions to ProblemDetails: not found 404, conflicts and invalid transitions 409,
/// bad fields 400 naming the field. Anything else stays a 500 and is logged.
/// </summary>
internal sealed class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            NotFoundException e => Problem(StatusCodes.Status404NotFound, Bilingual.Text("未找到", "Not found"), e.Message),
            ConflictException e => Problem(StatusCodes.Status409Conflict, Bilingual.Text("冲突", "Conflict"), e.Message, e.ProblemType),
            ForbiddenException e => Problem(StatusCodes.Status403Forbidden, Bilingual.Text("无权操作", "Forbidden"), e.Message),
            Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => Problem(StatusCodes.Status400BadRequest,
                Bilingual.Text("防伪令牌缺失或无效", "Antiforgery token missing or invalid"),
                Bilingual.Text("请刷新页面后重试。", "Send the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header.")),
            DbUpdateConcurrencyException => Problem(StatusCodes.Status409Conflict, Bilingual.Text("冲突", "Conflict"),
                Bilingual.Text("已被他人先行修改，请刷新后重试。", "Someone else changed this first. Reload and try again."), ConflictException.Stale),
            InvalidStateException e => Problem(StatusCodes.Status409Conflict, Bilingual.Text("当前状态下不允许此操作", "Not allowed in the current state"), e.Message),
            InvalidRequestException e => Validation(new Dictionary<string, string[]> { [e.Field] = [e.Message] }, e.Message),
            ValidationFailedException e => Validation(e.Errors.ToDictionary(), e.Message),
            WorkflowValidationException e => WorkflowInvalid(e),
            BadHttpRequestException e when BindingErrors.Describe(e, http.Request) is var (field, reason) =>
                Validation(new Dictionary<string, string[]> { [field] = [reason] }, reason, e.StatusCode),
            _ => null,
        };
        if (problem is null)
            return false;
        http.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string title, string detail, string? type = null) =>
        new() { Status = status, Title = title, Detail = detail, Type = type };

    private static ValidationProblemDetails Validation(IDictionary<string, string[]> errors, string detail, int status = StatusCodes.Status400BadRequest) =>
        new(errors) { Status = status, Title = Bilingual.Text("请求有误", "The request is invalid"), Detail = detail };

    private static ValidationProblemDetails WorkflowInvalid(WorkflowValidationException e)
    {
        var errors = e.Issues.Where(i => i.Severity == Workflows.Validation.IssueSeverity.Error)
            .GroupBy(i => string.Join('.', new[] { i.ActivityId, i.Field }.Where(s => !string.IsNullOrEmpty(s))) is { Length: > 0 } key ? key : "definition")
            .ToDictionary(g => g.Key, g => g.Select(i => i.Message).ToArray());
        var problem = Validation(errors, e.Message);
        problem.Extensions["issues"] = e.Issues.Select(i => new { severity = i.Severity.ToString(), i.ActivityId, i.Field, i.Message }).ToArray();
        return problem;
    }
}
