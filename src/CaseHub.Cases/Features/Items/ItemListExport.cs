using CaseHub.Cases.Data;
using CaseHub.Cases.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Cases.Features.Items;

/// <summary>Writes the whole item list, inactive items included, in either format; importing the file again changes nothing.</summary>
public static class ItemListExport
{
    public static async Task<byte[]> ExportAsync(CaseHubDbContext db, ItemListFormat format, CancellationToken cancellationToken)
    {
        var records = await ReadAllAsync(db, cancellationToken);
        return format == ItemListFormat.Csv ? ItemCsv.Write(records) : ItemJson.Write(records);
    }

    /// <summary>Every item as a file record, depth first (each parent before its children, siblings by code).</summary>
    public static async Task<List<ItemRecord>> ReadAllAsync(CaseHubDbContext db, CancellationToken cancellationToken)
    {
        var items = await db.Set<Item>().AsNoTracking().ToListAsync(cancellationToken);
        var rules = await (
            from r in db.Set<ResponsibilityRule>().AsNoTracking()
            join d in db.Set<Department>() on r.DepartmentId equals d.Id
            join o in db.Set<OrgUnit>() on r.OrgUnitId equals (Guid?)o.Id into orgs
            from o in orgs.DefaultIfEmpty()
            select new { r.ItemId, OrgUnitCode = o == null ? null : o.Code, DepartmentCode = d.Code, r.Priority })
            .ToListAsync(cancellationToken);
        var rulesByItem = rules.ToLookup(r => r.ItemId);
        var codes = items.ToDictionary(i => i.Id, i => i.Code);
        var children = items.ToLookup(i => i.ParentId);

        var records = new List<ItemRecord>(items.Count);
        void Visit(Guid? parentId)
        {
            foreach (var item in children[parentId].OrderBy(i => i.Code, StringComparer.Ordinal))
            {
                records.Add(new ItemRecord
                {
                    Code = item.Code,
                    ParentCode = item.ParentId is { } p ? codes[p] : null,
                    Level = item.Level,
                    NameZh = item.NameZh,
                    NameEn = item.NameEn,
                    Kinds = [.. item.Kinds.Select(k => k.ToString())],
                    DefaultGrade = item.DefaultGrade.ToString(),
                    Keywords = [.. item.Keywords],
                    TimeLimits = new TimeLimitsRecord
                    {
                        DispatchMinutes = item.TimeLimits.DispatchMinutes,
                        AcceptWorkingHours = item.TimeLimits.AcceptWorkingHours,
                        FirstContactWorkingHours = item.TimeLimits.FirstContactWorkingHours,
                        CompletionWorkingDays = item.TimeLimits.CompletionWorkingDays,
                        CallbackWorkingDays = item.TimeLimits.CallbackWorkingDays,
                    },
                    IsActive = item.IsActive,
                    Rules = [.. rulesByItem[item.Id]
                        .OrderBy(r => r.OrgUnitCode ?? "", StringComparer.Ordinal).ThenBy(r => r.DepartmentCode, StringComparer.Ordinal)
                        .Select(r => new RuleRecord(r.OrgUnitCode, r.DepartmentCode, r.Priority))],
                });
                Visit(item.Id);
            }
        }
        Visit(null);
        return records;
    }
}
