using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace CaseHub.Web.Features.Open311;

/// <summary>The two formats GeoReport v2 serves, chosen by the path's extension (<c>services.json</c>, <c>services.xml</c>).</summary>
public enum Open311Format
{
    Json,
    Xml,
}

/// <summary>
/// One GeoReport entity as ordered fields, written as a JSON object or as XML child elements. A value is null, a string,
/// a bool, a number, an <see cref="Open311Entity"/>, an <see cref="Open311List"/> of entities or a string[]
/// (written in XML as repeated <c>itemName</c> elements, see <see cref="Open311Strings"/>).
/// </summary>
public sealed class Open311Entity : List<KeyValuePair<string, object?>>
{
    public void Add(string name, object? value) => Add(new KeyValuePair<string, object?>(name, value));
}

/// <summary>A list of entities: a JSON array, or in XML a wrapper holding one <paramref name="ItemName"/> element per entity.</summary>
public sealed record Open311List(string ItemName, IReadOnlyList<Open311Entity> Items);

/// <summary>A list of strings: a JSON array, or in XML one <paramref name="ItemName"/> element per string.</summary>
public sealed record Open311Strings(string ItemName, IReadOnlyList<string> Items);

/// <summary>
/// A whole response: either a list (JSON array; XML <c>&lt;root&gt;&lt;item&gt;…</c>) or one entity (JSON object; XML <c>&lt;root&gt;…</c>).
/// Written as UTF-8 in either format; XML root names follow the spec (services, service_requests, discovery, service_definition, errors).
/// </summary>
public sealed class Open311Document(string rootName, object body, int statusCode = StatusCodes.Status200OK) : IResult
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly XmlWriterSettings XmlSettings = new() { Encoding = new UTF8Encoding(false), Async = true, Indent = false };

    public Open311Format Format { get; init; }

    public static Open311Document List(string rootName, string itemName, IReadOnlyList<Open311Entity> items, int statusCode = StatusCodes.Status200OK) =>
        new(rootName, new Open311List(itemName, items), statusCode);

    public static Open311Document Single(string rootName, Open311Entity entity) => new(rootName, entity);

    /// <summary>The spec's error body: a list of {code, description}, the code being the HTTP status.</summary>
    public static Open311Document Error(int statusCode, string description) =>
        List("errors", "error", [new Open311Entity { { "code", statusCode }, { "description", description } }], statusCode);

    public Open311Document As(Open311Format format) => new(rootName, body, statusCode) { Format = format };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        if (Format == Open311Format.Xml)
        {
            response.ContentType = "text/xml; charset=utf-8";
            var root = new XElement(rootName);
            if (body is Open311List list)
                root.Add(list.Items.Select(e => ToXml(list.ItemName, e)));
            else
                root.Add(((Open311Entity)body).Select(f => ToXml(f.Key, f.Value)));
            var document = new XDocument(new XDeclaration("1.0", "utf-8", null), root);
            await using var writer = XmlWriter.Create(response.Body, XmlSettings);
            await document.SaveAsync(writer, httpContext.RequestAborted);
        }
        else
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(ToJson(body)!.ToJsonString(JsonOptions), Encoding.UTF8, httpContext.RequestAborted);
        }
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        Open311Entity e => new JsonObject(e.Select(f => KeyValuePair.Create(f.Key, ToJson(f.Value)))),
        Open311List l => new JsonArray([.. l.Items.Select(ToJson)]),
        Open311Strings s => new JsonArray([.. s.Items.Select(i => (JsonNode?)JsonValue.Create(i))]),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        DateTimeOffset t => JsonValue.Create(Timestamp(t)),
        _ => throw new InvalidOperationException($"Open311 cannot write a {value.GetType().Name}."),
    };

    private static XElement ToXml(string name, object? value) => value switch
    {
        null => new XElement(name),
        Open311Entity e => new XElement(name, e.Select(f => ToXml(f.Key, f.Value))),
        Open311List l => new XElement(name, l.Items.Select(i => ToXml(l.ItemName, i))),
        Open311Strings s => new XElement(name, s.Items.Select(i => new XElement(s.ItemName, i))),
        bool b => new XElement(name, b ? "true" : "false"),
        int i => new XElement(name, i.ToString(CultureInfo.InvariantCulture)),
        double d => new XElement(name, d.ToString("R", CultureInfo.InvariantCulture)),
        DateTimeOffset t => new XElement(name, Timestamp(t)),
        _ => new XElement(name, Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    /// <summary>W3C / ISO 8601 with the offset the value carries, e.g. 2025-03-03T09:00:00+08:00.</summary>
    private static string Timestamp(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
