using System.Text.Json;
using CaseHub.Workflows;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// Reads request bodies by hand where the framework's binding would answer 415 or a vague 400:
/// a wrong content type or malformed JSON becomes a 400 that names the field.
/// </summary>
public static class RequestBody
{
    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken, bool allowEmpty = false)
    {
        if ((request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0) &&
            (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)))
            throw new InvalidRequestException("Content-Type", Bilingual.Text($"请求正文必须以 application/json 格式发送，而不是“{request.ContentType}”。", $"The body must be sent as application/json, not '{request.ContentType}'."));
        using var reader = new StreamReader(request.Body);
        var text = (await reader.ReadToEndAsync(cancellationToken)).Trim();
        if (text.Length == 0 && !allowEmpty)
            throw new InvalidRequestException("body", Bilingual.Text("请求缺少 JSON 正文。", "The request needs a JSON body."));
        return text;
    }

    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken) =>
        ParseJson<T>(await ReadTextAsync(request, cancellationToken), options);

    /// <summary>Deserializes a body already read, with the same 400s as <see cref="ReadJsonAsync{T}"/>.</summary>
    public static T ParseJson<T>(string text, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, options) ?? throw new InvalidRequestException("body", Bilingual.Text("请求正文不能为 null。", "The body must not be null."));
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            // The library's own words stay out of the Chinese answer; where the text was valid JSON of the wrong type,
            // both languages say what the field should hold.
            if (e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
                && BindingErrors.ExpectedInJson(options, typeof(T), e.Path) is var (zh, en))
                throw new InvalidRequestException(field, Bilingual.Text($"“{field}”应为{zh}。", $"'{field}' must be {en}."));
            throw new InvalidRequestException(field, Bilingual.Text($"JSON 格式错误{Bilingual.WhereJsonBroke(e, text)}，请检查括号、引号和逗号。",
                $"The JSON is malformed: {e.Message}"));
        }
    }
}
