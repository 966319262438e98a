using System.Globalization;

namespace CaseHub.Cases.Features.Assessment;

/// <summary>The assessment table as CSV for Excel, rates in percent.</summary>
public static class AssessmentCsv
{
    public static readonly string[] Headers =
    [
        "排名", "编码", "名称", "派单数", "办结数", "回访数",
        "响应率(%)", "即时分转率(%)", "按时办结率(%)", "办结率(%)", "解决率(%)", "满意率(%)", "回访率(%)", "回退率(%)", "重办率(%)",
        "蓝牌", "黄牌", "红牌", "综合得分",
    ];

    public static byte[] Write(IEnumerable<AssessmentRow> rows) => ExcelCsv.Write(Headers, rows.Select(row =>
    {
        var (c, r) = (row.Counts, row.Rates);
        return (IReadOnlyList<string>)
        [
            row.Rank?.ToString(CultureInfo.InvariantCulture) ?? "", row.Code, row.Name,
            Number(c.Dispatched), Number(c.Completed), Number(c.CallbackAnswered),
            Percent(r.Response), Percent(r.ImmediateDispatch), Percent(r.OnTimeCompletion), Percent(r.Completion), Percent(r.Resolution),
            Percent(r.Satisfaction), Percent(r.Callback), Percent(r.Return), Percent(r.Reopen),
            Number(c.BlueCard), Number(c.YellowCard), Number(c.RedCard),
            row.Score?.ToString("0.00", CultureInfo.InvariantCulture) ?? "",
        ];
    }));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    // An empty cell, not 0, when there was nothing to judge.
    private static string Percent(double? rate) => rate is { } value ? (100 * value).ToString("0.00", CultureInfo.InvariantCulture) : "";
}
