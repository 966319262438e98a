using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseHub.Workflows.Tests.Definitions;

public sealed class BilingualTests
{
    private static JsonException BreakOn(string json) => Should.Throw<JsonException>(() => JsonNode.Parse(json));

    [Fact]
    public void WhereJsonBroke_CountsCharactersNotBytes_SoAChineseLineReadsAsTheAdminSeesIt()
    {
        // "名称" is six UTF-8 bytes; the stray comma is the 10th character of line 2 but past its 14th byte.
        const string json = "{\n \"名称\": 1,,\n}";

        Bilingual.WhereJsonBroke(BreakOn(json), json).ShouldBe("（第 2 行第 10 个字符）");
    }

    [Fact]
    public void WhereJsonBroke_WithoutTheText_GivesTheLineOnly()
    {
        Bilingual.WhereJsonBroke(BreakOn("{\n\n \"a\": }"), null).ShouldBe("（第 3 行）");
    }

    [Fact]
    public void AnInvalidDefinition_ReadsInChinese_WithoutTheParsersEnglish()
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var error = Should.Throw<CaseHub.Workflows.Definitions.WorkflowFormatException>(() => CaseHub.Workflows.Definitions.WorkflowJson.Parse("{\"id\": \"a\",\n \"名称\": }"));
            error.Message.ShouldBe("流程定义不是合法的 JSON（第 2 行第 8 个字符）。");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
