using CaseHub.Cases.Data;
using CaseHub.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseHub.Cases.Features.Items;

/// <summary>What a case needs of its item: the code (card rules, expressions), the default grade and the time limits. Read-only.</summary>
public sealed record ItemFacts(Guid Id, string Code, string NameZh, CaseGrade DefaultGrade, StageTimeLimits TimeLimits);

/// <summary>
/// Suggests leaf items for a case description (定性), from an in-memory <see cref="ItemIndex"/>. The index is rebuilt
/// from the database on the first request after the item list or the feedback changed on this node
/// (<see cref="Invalidate"/>), and at least every <see cref="RefreshInterval"/> so that other nodes' changes arrive too.
/// Singleton.
/// </summary>
public sealed class ItemClassifier(IServiceScopeFactory scopes, TimeProvider time)
{
    public const int MaxTextLength = 4000;
    public const int MaxTop = 20;
    /// <summary>How long an index is trusted without a local change: 5 minutes.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);
    /// <summary>Only the most recent confirmations are learned from: 20,000.</summary>
    public const int MaxConfirmationsLearned = 20_000;

    private readonly CachedSnapshot<ItemIndex> snapshot = new(scopes, time, () => RefreshInterval, BuildAsync);

    /// <summary>Marks the index stale; the next suggestion rebuilds it.</summary>
    public void Invalidate() => snapshot.Invalidate();

    /// <param name="kindPreferred">See <see cref="ItemIndex.Suggest"/>: true only where a person chooses from the suggestions.</param>
    public async Task<IReadOnlyList<ItemSuggestion>> SuggestAsync(string text, CaseKind? kind, int top, CancellationToken cancellationToken, bool kindPreferred = false)
    {
        var index = await IndexAsync(cancellationToken);
        return index.Suggest(text, kind, Math.Clamp(top, 1, MaxTop), kindPreferred);
    }

    /// <summary>
    /// The item's code, name, grade and time limits, for the cases being classified, dispatched and timed: from the index
    /// for an active leaf, else from <paramref name="db"/>. Codes never change; a grade or limit edited on another node
    /// arrives within <see cref="RefreshInterval"/>, as its keywords do.
    /// </summary>
    public async ValueTask<ItemFacts?> ItemAsync(Guid id, DbContext db, CancellationToken cancellationToken)
    {
        if ((await IndexAsync(cancellationToken)).Find(id) is { } leaf)
            return new ItemFacts(leaf.Id, leaf.Code, leaf.NameZh, leaf.DefaultGrade, leaf.TimeLimits);
        return await db.Set<Item>().AsNoTracking().Where(i => i.Id == id)
            .Select(i => new ItemFacts(i.Id, i.Code, i.NameZh, i.DefaultGrade, i.TimeLimits)).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Records that <paramref name="code"/> was the right item for <paramref name="text"/>, so that similar texts rank it higher.</summary>
    public async Task<Item> ConfirmAsync(CaseHubDbContext db, string text, string code, string confirmedBy, CancellationToken cancellationToken)
    {
        var item = await db.Set<Item>().AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, cancellationToken)
            ?? throw new NotFoundException("Item", code);
        if (await db.Set<Item>().AnyAsync(c => c.ParentId == item.Id, cancellationToken))
            throw new InvalidRequestException("code", Bilingual.Text(
                $"事项“{code}”不是末级事项；案件只能归入末级事项。",
                $"Item '{code}' is not a leaf; cases are classified against leaf items."));
        var now = time.GetUtcNow();
        db.Add(new ClassificationFeedback { Id = Guid.CreateVersion7(now), ItemId = item.Id, Text = text, ConfirmedBy = confirmedBy, ConfirmedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        Invalidate();
        return item;
    }

    private ValueTask<ItemIndex> IndexAsync(CancellationToken cancellationToken) => snapshot.GetAsync(cancellationToken);

    /// <summary>Active leaves (whose ancestors are active too) with the recent confirmations.</summary>
    public static async Task<ItemIndex> BuildAsync(CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var items = await db.Set<Item>().AsNoTracking().ToListAsync(cancellationToken);
        var byId = items.ToDictionary(i => i.Id);
        var parents = items.Where(i => i.ParentId is not null).Select(i => i.ParentId!.Value).ToHashSet();
        var leaves = new List<IndexedItem>();
        foreach (var item in items.Where(i => !parents.Contains(i.Id)))
        {
            var ancestors = new List<string>();
            var active = item.IsActive;
            for (var p = item.ParentId; p is { } id && byId.TryGetValue(id, out var parent) && ancestors.Count < ItemListImport.MaxLevel; p = parent.ParentId)
            {
                ancestors.Insert(0, parent.NameZh);
                active &= parent.IsActive;
            }
            if (active)
                leaves.Add(new IndexedItem(item.Id, item.Code, item.NameZh, item.NameEn, item.Kinds, item.Keywords, ancestors, item.DefaultGrade, item.TimeLimits));
        }
        var confirmations = await db.Set<ClassificationFeedback>().AsNoTracking()
            .OrderByDescending(f => f.ConfirmedAt).Take(MaxConfirmationsLearned)
            .Select(f => new { f.ItemId, f.Text })
            .ToListAsync(cancellationToken);
        return ItemIndex.Build(leaves, confirmations.Select(c => (c.ItemId, c.Text)));
    }
}
