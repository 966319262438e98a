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
            throw new InvalidRequestException(field, Bilingual.Text($"此处的 JSON 格式错误或类型不对：{e.Message}", $"The JSON is malformed or has the wrong type here: {e.Message}"));
        }
    }
}
