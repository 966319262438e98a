namespace CaseHub.Cases.Features.Items;

/// <summary>
/// The shipped item list (<c>SeedItems.json</c>, embedded): 12345 categories in four levels, with Guangdong's default
/// completion limits (enquiries 2 working days; help requests and suggestions 10; complaints and reports 15).
/// Its rules are empty; the demo data adds departments and rules.
/// </summary>
public static class SeedItems
{
    public static byte[] Json()
    {
        using var stream = typeof(SeedItems).Assembly.GetManifestResourceStream("CaseHub.Cases.Features.Items.SeedItems.json")
            ?? throw new InvalidOperationException("SeedItems.json is not embedded in CaseHub.Cases.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
