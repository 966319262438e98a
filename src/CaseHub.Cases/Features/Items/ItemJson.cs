using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseHub.Workflows;

namespace CaseHub.Cases.Features.Items;

/// <summary>
/// The JSON form of the item list: an array of items (camelCase, as <see cref="ItemRecord"/>). Row numbers are
/// 1-based positions in the array. An item that does not fit the shape is reported alone; the others are still read.
/// </summary>
public static class ItemJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static ItemListReadResult Read(ReadOnlySpan<byte> bytes)
    {
        var errors = new List<ItemRowError>();
        var rows = new List<ItemRow>();
        JsonElement[]? elements;
        var text = ItemListText.Decode(bytes);
        try
        {
            elements = JsonSerializer.Deserialize<JsonElement[]>(text, Options);
        }
        catch (JsonException e)
        {
            errors.Add(new ItemRowError(0, "body", Bilingual.Text($"文件不是由事项组成的 JSON 数组{Bilingual.WhereJsonBroke(e, text)}。", $"The file is not a JSON array of items: {e.Message}")));
            return new ItemListReadResult(rows, errors);
        }
        if (elements is null)
        {
            errors.Add(new ItemRowError(0, "body", Bilingual.Text("文件不是由事项组成的 JSON 数组。", "The file is not a JSON array of items.")));
            return new ItemListReadResult(rows, errors);
        }

        for (var i = 0; i < elements.Length; i++)
        {
            try
            {
                if (elements[i].ValueKind != JsonValueKind.Object)
                    throw new JsonException(Bilingual.Text("每个事项必须是 JSON 对象。", "An item must be a JSON object."));
                rows.Add(new ItemRow(i + 1, elements[i].Deserialize<ItemRecord>(Options)!));
            }
            catch (JsonException e)
            {
                var path = e.Path is { Length: > 2 } p ? p[2..] : "item";
                errors.Add(new ItemRowError(i + 1, path, e.Message));
            }
        }
        return new ItemListReadResult(rows, errors);
    }

    public static byte[] Write(IEnumerable<ItemRecord> items) => JsonSerializer.SerializeToUtf8Bytes(items.ToList(), Options);
}
