using System.Globalization;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using Jint.Parser;

namespace CaseHub.Workflows.Tests.Expressions;

public sealed class ExpressionEvaluatorTests
{
    private readonly ExpressionEvaluator _evaluator = new();

    private static ExpressionScope Scope() => new()
    {
        Variables = new JsonObject { ["priority"] = 2, ["title"] = "Street light OUT ", ["tags"] = new JsonArray("light", "night") },
        Input = new JsonObject { ["channel"] = "Hotline", ["amount"] = 1.5 },
        Outputs = new JsonObject
        {
            ["accept-task"] = new JsonObject { ["outcome"] = "Accept", ["formData"] = new JsonObject { ["note"] = "on it" } },
        },
        Globals = new Dictionary<string, JsonNode?>
        {
            ["c"] = new JsonObject { ["status"] = "Open", ["priority"] = 3, ["grid"] = "G-12" },
        },
    };

    private JsonNode? Js(string code, ExpressionScope? scope = null) =>
        _evaluator.Evaluate(new InputExpression(null, InputExpression.JavaScript, code), scope ?? Scope());

    // ---- Literal, Object, Variable ----

    [Fact]
    public void Literal_ReturnsACopyOfTheValue()
    {
        var value = new JsonObject { ["a"] = 1 };

        var result = _evaluator.Evaluate(new InputExpression(null, InputExpression.Literal, value), Scope());

        result!.ToJsonString().ShouldBe("""{"a":1}""");
        result.ShouldNotBeSameAs(value);
    }

    [Fact]
    public void Object_JsonText_IsParsed()
    {
        var result = _evaluator.Evaluate(new InputExpression(null, InputExpression.Object, """{"groups":["A","B"]}"""), Scope());

        result!["groups"]!.AsArray().Select(n => (string?)n).ShouldBe(["A", "B"]);
    }

    [Fact]
    public void Object_InvalidJson_ThrowsExpressionException()
    {
        var ex = Should.Throw<ExpressionException>(() => _evaluator.Evaluate(new InputExpression(null, InputExpression.Object, "{not json"), Scope()));

        ex.Message.ShouldContain("not valid JSON");
    }

    [Fact]
    public void Variable_KnownName_ReturnsItsValue()
    {
        var result = _evaluator.Evaluate(new InputExpression(null, InputExpression.Variable, "priority"), Scope());

        result!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public void Variable_UnknownName_ThrowsExpressionException()
    {
        var ex = Should.Throw<ExpressionException>(() => _evaluator.Evaluate(new InputExpression(null, InputExpression.Variable, "nope"), Scope()));

        ex.Message.ShouldContain("'nope'");
    }

    [Fact]
    public void UnknownExpressionType_ThrowsExpressionException()
    {
        var ex = Should.Throw<ExpressionException>(() => _evaluator.Evaluate(new InputExpression(null, "Liquid", "{{ x }}"), Scope()));

        ex.Message.ShouldContain("'Liquid'");
    }

    // ---- JavaScript values ----

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("7 / 2", 3.5)]
    [InlineData("10 % 4", 2)]
    [InlineData("-(3 - 5)", 2)]
    [InlineData("Math.max(1, 5, 3)", 5)]
    [InlineData("Math.floor(2.7) + Math.abs(-1)", 3)]
    [InlineData("parseInt('42', 10) + 1", 43)]
    [InlineData("parseFloat('1.25') * 2", 2.5)]
    [InlineData("variables.priority * 10 + c.priority", 23)]
    [InlineData("input.amount * 2", 3)]
    [InlineData("(0.1 + 0.2).toFixed(2) * 1", 0.3)]
    public void JavaScript_Arithmetic_ComputesNumbers(string code, double expected)
    {
        Js(code)!.GetValue<double>().ShouldBe(expected, 1e-12);
    }

    [Theory]
    [InlineData("variables.priority >= 2", true)]
    [InlineData("variables.priority < 2", false)]
    [InlineData("c.status === 'Open' && input.channel == 'Hotline'", true)]
    [InlineData("c.status !== 'Open' || variables.priority != 2", false)]
    [InlineData("'1' == 1", true)]
    [InlineData("'1' === 1", false)]
    [InlineData("!isNaN('12') && isNaN('x')", true)]
    [InlineData("'channel' in input", true)]
    [InlineData("typeof input.missing == 'undefined'", true)]
    [InlineData("variables.tags.indexOf('night') >= 0", true)]
    [InlineData("input.hasOwnProperty('channel')", true)]
    public void JavaScript_Comparisons_ReturnBooleans(string code, bool expected)
    {
        Js(code)!.GetValue<bool>().ShouldBe(expected);
    }

    [Theory]
    [InlineData("variables.title.trim().toLowerCase()", "street light out")]
    [InlineData("variables.title.substring(0, 6)", "Street")]
    [InlineData("variables.title.substr(7, 5).toUpperCase()", "LIGHT")]
    [InlineData("variables.title.slice(-4).trim()", "OUT")]
    [InlineData("variables.title.charAt(0) + c.grid.length", "S4")]
    [InlineData("String(variables.title.indexOf('light'))", "7")]
    [InlineData("variables.tags.join(', ')", "light, night")]
    [InlineData("variables.tags.join()", "light,night")]
    [InlineData("variables.priority > 1 ? 'urgent' : 'normal'", "urgent")]
    [InlineData("'case ' + c.grid", "case G-12")]
    [InlineData("(12.345).toFixed(1)", "12.3")]
    public void JavaScript_StringMethods_ReturnStrings(string code, string expected)
    {
        Js(code)!.GetValue<string>().ShouldBe(expected);
    }

    [Fact]
    public void JavaScript_Outputs_AreReadByActivityId()
    {
        Js("outputs['accept-task'].formData.note")!.GetValue<string>().ShouldBe("on it");
    }

    [Fact]
    public void JavaScript_GetVariable_ReadsAVariableByName()
    {
        Js("getVariable('priority') + 1")!.GetValue<int>().ShouldBe(3);
    }

    [Fact]
    public void JavaScript_GetVariable_UnknownName_IsNull()
    {
        Js("getVariable('nope')").ShouldBeNull();
        Js("getVariable('nope') == null")!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void JavaScript_HostGlobal_IsReadByItsName()
    {
        Js("c.grid")!.GetValue<string>().ShouldBe("G-12");
    }

    [Fact]
    public void JavaScript_ArraysAndObjects_ComeBackAsJson()
    {
        var result = Js("({ level: c.priority, tags: variables.tags, nested: [1, 'two', null, true] })");

        result!.ToJsonString().ShouldBe("""{"level":3,"tags":["light","night"],"nested":[1,"two",null,true]}""");
    }

    [Fact]
    public void JavaScript_WholeNumber_ConvertsToInt()
    {
        var result = Js("c.priority + 1");

        result!.GetValue<int>().ShouldBe(4);
        result.ToJsonString().ShouldBe("4");
    }

    [Theory]
    [InlineData("undefined")]
    [InlineData("null")]
    [InlineData("0 / 0")]
    [InlineData("1 / 0")]
    [InlineData("input.missing")]
    public void JavaScript_UndefinedNullNaNAndInfinity_BecomeNull(string code)
    {
        Js(code).ShouldBeNull();
    }

    [Fact]
    public void JavaScript_EmptyCode_IsNull()
    {
        Js("   ").ShouldBeNull();
    }

    [Fact]
    public void JavaScript_ChineseTextAndLineSeparators_RoundTrip()
    {
        var scope = Scope();
        scope.Variables["title"] = "路灯不亮\u2028第二行";

        Js("variables.title + '（已受理）'", scope)!.GetValue<string>().ShouldBe("路灯不亮\u2028第二行（已受理）");
    }

    [Fact]
    public void JavaScript_NumbersIgnoreTheCurrentCulture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");

            Js("String(input.amount * 3)")!.GetValue<string>().ShouldBe("4.5");
            Js("parseFloat('2.5') + 1")!.GetValue<double>().ShouldBe(3.5);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void JavaScript_ConcurrentEvaluations_DoNotInterfere()
    {
        var results = new int[200];

        Parallel.For(0, results.Length, i =>
        {
            var scope = new ExpressionScope { Variables = new JsonObject { ["n"] = i } };
            results[i] = Js("variables.n * 2", scope)!.GetValue<int>();
        });

        results.ShouldBe(Enumerable.Range(0, results.Length).Select(i => i * 2));
    }

    // ---- JavaScript failures ----

    [Fact]
    public void JavaScript_NewArrayJoin_IsRejectedBeforeRunning()
    {
        var ex = Should.Throw<ExpressionException>(() => Js("new Array(1e8).join()"));

        ex.Message.ShouldContain("'new' is not allowed");
    }

    [Fact]
    public void JavaScript_ArrayCalledWithoutNew_IsRejectedBeforeRunning()
    {
        var ex = Should.Throw<ExpressionException>(() => Js("Array(1e8).join('x')"));

        ex.Message.ShouldContain("Calling 'Array' is not allowed");
    }

    [Fact]
    public void JavaScript_ConstructorChain_IsRejectedBeforeRunning()
    {
        var ex = Should.Throw<ExpressionException>(() => Js("''.constructor.constructor('while(true){}')()"));

        ex.Message.ShouldContain("The member 'constructor' is not allowed");
    }

    [Fact]
    public void JavaScript_Assignment_IsRejectedAndTheScopeStaysUnchanged()
    {
        var scope = Scope();

        Should.Throw<ExpressionException>(() => Js("variables.priority = 99", scope)).Message.ShouldContain("Assignments are not allowed");
        scope.Variables["priority"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public void JavaScript_SyntaxError_ThrowsExpressionExceptionWithPosition()
    {
        var ex = Should.Throw<ExpressionException>(() => Js("variables.priority >"));

        ex.Message.ShouldContain("Syntax error");
        ex.Message.ShouldContain("line 1");
    }

    [Fact]
    public void JavaScript_RuntimeError_ThrowsExpressionException()
    {
        var ex = Should.Throw<ExpressionException>(() => Js("input.missing.deeper"));

        ex.Message.ShouldContain("TypeError");
    }

    [Fact]
    public void JavaScript_UndeclaredHostGlobal_IsRejected()
    {
        var ex = Should.Throw<ExpressionException>(() => Js("c.status", new ExpressionScope()));

        ex.Message.ShouldContain("'c' is not a name expressions can use");
    }

    [Fact]
    public void JavaScript_HostGlobalWithAReservedName_ThrowsExpressionException()
    {
        var scope = new ExpressionScope { Globals = new Dictionary<string, JsonNode?> { ["case"] = new JsonObject() } };

        var ex = Should.Throw<ExpressionException>(() => Js("1", scope));

        ex.Message.ShouldContain("'case' is a reserved word");
    }

    // ---- engine limits, behind the guard ----

    private static JsonNode? RunUnchecked(string code, JavaScriptOptions options) =>
        new JavaScriptRunner(options).Run(new JavaScriptParser().Parse(code), new HashSet<string>(), new ExpressionScope());

    [Fact]
    public void JavaScript_EndlessLoop_StopsAtTheStatementLimit()
    {
        var ex = Should.Throw<ExpressionException>(() => RunUnchecked("while (true) {}", new JavaScriptOptions { MaxStatements = 1000 }));

        ex.Message.ShouldContain("more than 1000 statements");
    }

    [Fact]
    public void JavaScript_EndlessLoop_StopsAtTheTimeout()
    {
        var options = new JavaScriptOptions { MaxStatements = 0, Timeout = TimeSpan.FromMilliseconds(50) };

        var ex = Should.Throw<ExpressionException>(() => RunUnchecked("while (true) {}", options));

        ex.Message.ShouldContain("longer than 50 ms");
    }

    [Fact]
    public void JavaScript_EndlessRecursion_StopsAtTheRecursionLimit()
    {
        var ex = Should.Throw<ExpressionException>(() => RunUnchecked("function f() { return f(); } f()", new JavaScriptOptions()));

        ex.Message.ShouldContain("more than 32 deep");
    }

    [Fact]
    public void JavaScript_ThrownValue_BecomesExpressionException()
    {
        var ex = Should.Throw<ExpressionException>(() => RunUnchecked("throw new RangeError('too big')", new JavaScriptOptions()));

        ex.Message.ShouldContain("RangeError: too big");
    }

    [Theory]
    [InlineData(0, 1000, 32)]
    [InlineData(200, -1, 32)]
    [InlineData(200, 1000, 0)]
    public void Options_OutOfRange_AreRejected(int timeoutMs, int maxStatements, int recursionLimit)
    {
        var options = new JavaScriptOptions
        {
            Timeout = TimeSpan.FromMilliseconds(timeoutMs),
            MaxStatements = maxStatements,
            RecursionLimit = recursionLimit,
        };

        Should.Throw<ArgumentOutOfRangeException>(() => new ExpressionEvaluator(options));
    }

    [Fact]
    public void Options_GlobalNameThatIsNotAnIdentifier_IsRejected()
    {
        Should.Throw<ArgumentException>(() => new ExpressionEvaluator(new JavaScriptOptions { GlobalNames = ["my case"] }));
    }
}
