using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CaseHub.Cases.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Web.Tests.Api;

/// <summary>
/// The server answers in the language the caller prefers (Accept-Language): Chinese for the web client in zh-CN,
/// English for everyone else, including callers that state no preference.
/// </summary>
public sealed class LanguageTests() : AppTest(DatabaseProvider.Sqlite)
{
    private async Task<JsonElement> UnknownCaseAsync(string? acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cases/2026000000000");
        if (acceptLanguage is not null)
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        return await (await Admin.SendAsync(request)).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8")]
    [InlineData("zh")]
    [InlineData("en;q=0.5, zh-TW")]
    [InlineData("fr-FR, zh;q=0.3, de")]
    public async Task ACallerPreferringChinese_ReadsTheProblemInChinese(string acceptLanguage)
    {
        var problem = await UnknownCaseAsync(acceptLanguage);

        problem.GetProperty("title").GetString().ShouldBe("未找到");
        problem.GetProperty("detail").GetString().ShouldBe("未找到案件“2026000000000”。");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("en-US")]
    [InlineData("en-US,en;q=0.9,zh-CN;q=0.8")]
    [InlineData("fr-FR")]
    [InlineData("zh;q=0, en;q=0.1")]
    public async Task AnyOtherCaller_ReadsItInEnglish(string? acceptLanguage)
    {
        var problem = await UnknownCaseAsync(acceptLanguage);

        problem.GetProperty("title").GetString().ShouldBe("Not found");
        problem.GetProperty("detail").GetString().ShouldBe("Case '2026000000000' was not found.");
    }

    [Fact]
    public async Task AnIntakeFieldError_IsInChinese_ForTheChineseUI()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new
            {
                channel = "Hotline", kind = "Complaint", title = "噪音", description = "夜间施工噪音",
                location = new { lat = 95.0, lng = 120.1 },
            }),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");

        var problem = await (await Admin.SendAsync(request)).ReadProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("title").GetString().ShouldBe("请求有误");
        var error = problem.GetProperty("errors").EnumerateObject().ShouldHaveSingleItem();
        error.Name.ShouldBe("location.lat");
        error.Value[0].GetString()!.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
    }

    [Fact]
    public async Task AnImportsRowErrors_AreInTheCallersLanguage_WithTheSameFieldNames()
    {
        const string orphan = """[{ "code": "X1", "parentCode": "NOPE", "nameZh": "无父", "nameEn": "Orphan" }]""";
        async Task<JsonElement> ImportAsync(string language)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/items/import?format=json")
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(orphan)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            request.Headers.AcceptLanguage.ParseAdd(language);
            return await (await Admin.SendAsync(request)).ReadProblemAsync(HttpStatusCode.BadRequest);
        }

        var chinese = await ImportAsync("zh-CN");
        var english = await ImportAsync("en-US");

        string Message(JsonElement problem) => problem.GetProperty("errors").EnumerateObject().Single().Value[0].GetString()!;
        string Field(JsonElement problem) => problem.GetProperty("errors").EnumerateObject().Single().Name;
        Field(chinese).ShouldBe(Field(english));
        Message(english).ShouldBe("Unknown parent 'NOPE': it is neither in the file nor in the item list.");
        Message(chinese).ShouldBe("未知的上级事项“NOPE”：文件和事项清单中都没有该编码。");
    }

    private async Task<(string Field, string Message)> SingleErrorAsync(string language, string url, string? json = null)
    {
        using var request = new HttpRequestMessage(json is null ? HttpMethod.Get : HttpMethod.Post, url);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.AcceptLanguage.ParseAdd(language);
        var problem = await (await Admin.SendAsync(request)).ReadProblemAsync(HttpStatusCode.BadRequest);
        var error = problem.GetProperty("errors").EnumerateObject().ShouldHaveSingleItem();
        return (error.Name, error.Value[0].GetString()!);
    }

    [Theory]
    [InlineData("/api/cases?page=abc", "page", "参数“page”的值“abc”无法识别，应为整数。", "'abc' is not a valid value for 'page': expected a whole number.")]
    [InlineData("/api/cases?queue=new&status=Foo", "status", "参数“status”的值“Foo”无法识别，应为以下之一：New、PendingDispatch、Dispatched、Accepted、Completed、Closed、Merged、Cancelled。",
        "'Foo' is not a valid value for 'status': expected one of New, PendingDispatch, Dispatched, Accepted, Completed, Closed, Merged, Cancelled.")]
    [InlineData("/api/cases/search?from=yesterday", "from", "参数“from”的值“yesterday”无法识别，应为日期或时间，如 2026-12-05 或 2026-12-05T08:30:00+08:00。",
        "'yesterday' is not a valid value for 'from': expected a date or a date and time, such as 2026-12-05 or 2026-12-05T08:30:00+08:00.")]
    public async Task AQueryValueThatCannotBeRead_IsA400NamingTheParameter_AndWhatItShouldHold(string url, string field, string zh, string en)
    {
        (await SingleErrorAsync("zh-CN", url)).ShouldBe((field, zh));
        (await SingleErrorAsync("en-US", url)).ShouldBe((field, en));
    }

    [Theory]
    [InlineData("""{"channel": "Hotline", "kind": "Complaint", "title": 5, "description": "噪音"}""", "title", "“title”应为文本。", "'title' must be text.")]
    [InlineData("""{"channel": "Hotline", "kind": "Complaint", "title": "噪音", "description": "噪音", "location": {"lat": "north", "lng": 116.4}}""",
        "location.lat", "“location.lat”应为数字。", "'location.lat' must be a number.")]
    [InlineData("""{"channel": "Hotline", "kind": "Complaint", "title": "噪音", "description": "噪音", "location": [1, 2]}""",
        "location", "“location”应为对象。", "'location' must be an object.")]
    public async Task AJsonValueOfTheWrongType_NamesTheFieldAndTheTypeItShouldHave(string json, string field, string zh, string en)
    {
        (await SingleErrorAsync("zh-CN", "/api/cases", json)).ShouldBe((field, zh));
        (await SingleErrorAsync("en-US", "/api/cases", json)).ShouldBe((field, en));
        await using var db = App.NewDbContext();
        (await db.Set<CaseHub.Cases.Features.Intake.Case>().CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task MalformedJson_IsDescribedInChinese_WithWhereItBroke_AndTheLibrarysWordsOnlyInEnglish()
    {
        const string json = "{\"channel\": \"热线\",\n \"title\": ";

        var (_, zh) = await SingleErrorAsync("zh-CN", "/api/cases", json);
        var (_, en) = await SingleErrorAsync("en-US", "/api/cases", json);

        zh.ShouldBe("JSON 格式错误（第 2 行第 10 个字符），请检查括号、引号和逗号。");
        zh.Replace("JSON", "").ShouldNotMatch("[A-Za-z]{3,}");
        en.ShouldStartWith("The JSON is malformed: ");
    }

    [Theory]
    [InlineData("GET", "/api/no-such-thing", HttpStatusCode.NotFound, "未找到", "Not Found")]
    [InlineData("DELETE", "/api/cases/queues", HttpStatusCode.MethodNotAllowed, "不支持此请求方法", "Method Not Allowed")]
    public async Task TheFrameworksOwnProblems_AreTitledInChinese_ForACallerWhoPrefersIt(string method, string url, HttpStatusCode status, string zh, string en)
    {
        async Task<string?> TitleAsync(string language)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            request.Headers.AcceptLanguage.ParseAdd(language);
            return (await (await Admin.SendAsync(request)).ReadProblemAsync(status)).GetProperty("title").GetString();
        }

        (await TitleAsync("zh-CN")).ShouldBe(zh);
        (await TitleAsync("en-US")).ShouldBe(en);
    }
}
