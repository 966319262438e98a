using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseHub.Workflows.Tests.Harness;

/// <summary>
/// Compares JSON by meaning: objects as unordered sets of keys, arrays in order, numbers by value.
/// Returns the path of the first difference, so a failing test says where.
/// </summary>
public static class JsonSemantics
{
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (null, _) or (_, null):
                return $"{path}: expected {expected?.ToJsonString() ?? "null"}, got {actual?.ToJsonString() ?? "null"}";
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.TryGetPropertyValue(key, out var other))
                        return $"{path}.{key}: missing";
                    if (FirstDifference(value, other, $"{path}.{key}") is { } difference)
                        return difference;
                }
                return a.Select(p => p.Key).FirstOrDefault(k => !e.ContainsKey(k)) is { } extra ? $"{path}.{extra}: unexpected" : null;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                    return $"{path}: expected {e.Count} items, got {a.Count}";
                for (var i = 0; i < e.Count; i++)
                {
                    if (FirstDifference(e[i], a[i], $"{path}[{i}]") is { } difference)
                        return difference;
                }
                return null;
            case (JsonValue e, JsonValue a):
                return ValuesEqual(e, a) ? null : $"{path}: expected {e.ToJsonString()}, got {a.ToJsonString()}";
            default:
                return $"{path}: expected {expected.GetValueKind()}, got {actual.GetValueKind()}";
        }
    }

    public static void ShouldBeSemanticallyEqualTo(this JsonNode? actual, JsonNode? expected) =>
        FirstDifference(expected, actual).ShouldBeNull();

    private static bool ValuesEqual(JsonValue e, JsonValue a)
    {
        if (e.GetValueKind() != a.GetValueKind())
            return false;
        return e.GetValueKind() == JsonValueKind.Number
            ? decimal.Parse(e.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) == decimal.Parse(a.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)
            : JsonNode.DeepEquals(e, a);
    }
}
