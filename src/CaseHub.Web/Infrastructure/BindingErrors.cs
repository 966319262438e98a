using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using CaseHub.Workflows;

namespace CaseHub.Web.Infrastructure;

/// <summary>
/// Turns the framework's binding failures (<see cref="BadHttpRequestException"/>: a query value that is not a number,
/// a date or one of an enum's names) into the field and the reason in the caller's language. Without it ASP.NET Core
/// answers a bare "Bad Request" that names neither.
/// </summary>
/// <remarks>
/// The framework puts the parameter only in its message (<c>Failed to bind parameter "int page" from "abc".</c>), in
/// a format that has been stable since minimal APIs began; a message this does not recognise keeps its own text in
/// English answers.
/// </remarks>
public static partial class BindingErrors
{
    public static (string Field, string Message) Describe(BadHttpRequestException exception, HttpRequest request)
    {
        var text = exception.Message;
        if (FailedToBind().Match(text) is { Success: true } failed)
        {
            var field = QueryKey(request, failed.Groups["name"].Value);
            var value = failed.Groups["value"].Value;
            var (zh, en) = Expected(failed.Groups["type"].Value);
            return (field, Bilingual.Text($"参数“{field}”的值“{value}”无法识别，应为{zh}。", $"'{value}' is not a valid value for '{field}': expected {en}."));
        }
        if (NotProvided().Match(text) is { Success: true } missing)
        {
            var field = QueryKey(request, missing.Groups["name"].Value);
            return (field, Bilingual.Text($"缺少必填参数“{field}”。", $"The parameter '{field}' is required."));
        }
        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return ("Content-Type", Bilingual.Text($"不支持的请求正文格式“{request.ContentType}”。", $"The body's content type '{request.ContentType}' is not supported here."));
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return ("body", Bilingual.Text("请求正文过大。", "The request body is too large."));
        return ("body", Bilingual.Text("请求无法读取，请检查后重试。", text));
    }

    /// <summary>The name as the caller sent it (<c>from</c>), not as the handler declares it (<c>From</c>).</summary>
    private static string QueryKey(HttpRequest request, string name) =>
        request.Query.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name;

    private static (string Zh, string En) Expected(string typeName)
    {
        var name = typeName.StartsWith("Nullable<", StringComparison.Ordinal) ? typeName["Nullable<".Length..^1] : typeName.TrimEnd('?');
        name = name[(name.LastIndexOf('.') + 1)..];
        return name switch
        {
            "int" or "long" or "short" or "Int32" or "Int64" or "Int16" => ("整数", "a whole number"),
            "double" or "decimal" or "float" or "Double" or "Decimal" or "Single" => ("数字", "a number"),
            "DateTimeOffset" or "DateTime" => ("日期或时间，如 2026-12-05 或 2026-12-05T08:30:00+08:00", "a date or a date and time, such as 2026-12-05 or 2026-12-05T08:30:00+08:00"),
            "DateOnly" => ("日期，如 2026-12-05", "a date such as 2026-12-05"),
            "Guid" => ("GUID，如 3f2504e0-4f89-11d3-9a0c-0305e82c3301", "a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
            "bool" or "Boolean" => ("true 或 false", "true or false"),
            "string" or "String" => ("文本", "text"),
            _ when EnumNamed(name) is { } values => OneOf(values),
            _ => (name, name),
        };
    }

    /// <summary>
    /// What the JSON at <paramref name="path"/> (<c>$.location.lat</c>, <c>$.attachments[0].size</c>) should have held
    /// when it could not be converted: the library names the enclosing type instead, often the request itself.
    /// </summary>
    public static (string Zh, string En)? ExpectedInJson(JsonSerializerOptions options, Type root, string? path)
    {
        if (string.IsNullOrEmpty(path) || !options.TryGetTypeInfo(root, out var info))
            return null;
        foreach (var segment in JsonPathSegment().Matches(path).Select(m => m.Groups["name"].Value))
        {
            while (info.Kind == JsonTypeInfoKind.Enumerable && info.ElementType is { } element)
                info = options.GetTypeInfo(element);
            if (segment.Length == 0)
                continue;
            if (info.Properties.FirstOrDefault(p => p.Name == segment) is not { } property)
                return null;
            info = options.GetTypeInfo(property.PropertyType);
        }
        if (path.EndsWith(']') && info.Kind == JsonTypeInfoKind.Enumerable && info.ElementType is { } item)
            info = options.GetTypeInfo(item);
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => ("数组", "an array"),
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => ("对象", "an object"),
            _ when type.IsEnum => OneOf(Enum.GetNames(type)),
            _ => Expected(type.Name),
        };
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<name>[^']*)'\]|\[\d+\]")]
    private static partial Regex JsonPathSegment();

    private static (string Zh, string En) OneOf(string[] values) => ($"以下之一：{string.Join("、", values)}", $"one of {string.Join(", ", values)}");

    private static readonly ConcurrentDictionary<string, string[]?> EnumNames = new();

    /// <summary>The names of CaseHub's enum of that name: the values a caller may send.</summary>
    private static string[]? EnumNamed(string name) => EnumNames.GetOrAdd(name, n =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("CaseHub", StringComparison.Ordinal) == true)
            .SelectMany(a => a.GetTypes())
            .FirstOrDefault(t => t.IsEnum && t.Name == n) is { } type ? Enum.GetNames(type) : null);

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[^ "]+)" was not provided""")]
    private static partial Regex NotProvided();
}
