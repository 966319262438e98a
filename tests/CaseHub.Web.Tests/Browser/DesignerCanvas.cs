using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CaseHub.Web.Tests.Browser;

/// <summary>The designer's X6 canvas as a test drives it: with the mouse, as an admin does, finding cells by their ids.</summary>
internal static class DesignerCanvas
{
    /// <summary>An activity's node on the canvas, by the activity id X6 gives the cell.</summary>
    public static ILocator Node(IPage page, string id) => page.GetByTestId("designer-canvas").Locator($".x6-node[data-cell-id='{id}']");

    /// <summary>A connection the definition already had: the canvas names it after its ends.</summary>
    public static ILocator Edge(IPage page, string from, string outcome, string to) =>
        page.GetByTestId("designer-canvas").Locator($".x6-edge[data-cell-id='{from}:{outcome}->{to}:In']");

    /// <summary>Drags a connection with the mouse from an outcome port to the target's in port.</summary>
    public static async Task ConnectAsync(IPage page, string from, string outcome, string to)
    {
        var source = (await Node(page, from).Locator($"[port='out:{outcome}']").First.BoundingBoxAsync())!;
        var target = (await Node(page, to).Locator("[port='in']").First.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(source.X + source.Width / 2, source.Y + source.Height / 2);
        await page.Mouse.DownAsync();
        // In steps, so that X6 sees the pointer travel and snaps to the in port when it comes near.
        await page.Mouse.MoveAsync(target.X + target.Width / 2, target.Y + target.Height / 2, new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    /// <summary>Clicks a connection's line halfway along it (a curve's box centre is often off the line).</summary>
    public static async Task ClickEdgeAsync(IPage page, ILocator edge)
    {
        var point = await edge.Locator("path").First.EvaluateAsync<double[]>(@"path => {
            const p = path.getPointAtLength(path.getTotalLength() / 2);
            const m = path.getScreenCTM();
            return [p.x * m.a + p.y * m.c + m.e, p.x * m.b + p.y * m.d + m.f];
        }");
        await page.Mouse.ClickAsync((float)point[0], (float)point[1]);
    }

    /// <summary>Opens the dry-run panel and starts it for a real case's facts; the panel, to read the result from.</summary>
    public static async Task<ILocator> StartDryRunAsync(IPage page, Guid sampleCaseId)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "试运行" }).ClickAsync();
        var panel = page.GetByTestId("dry-run");
        await panel.GetByLabel("样例案件编号（可选）").FillAsync(sampleCaseId.ToString());
        await panel.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^开始试运行$") }).ClickAsync();
        return panel;
    }
}
