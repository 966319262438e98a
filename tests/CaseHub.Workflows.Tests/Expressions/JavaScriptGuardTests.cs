using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Tests.Expressions;

public sealed class JavaScriptGuardTests
{
    [Theory]
    [InlineData("variables.priority >= 2 && input.channel == 'Hotline'")]
    [InlineData("outputs['accept-task'].outcome == 'Accept';")]
    [InlineData("getVariable('title').toLowerCase().indexOf('light') >= 0 ? 'light' : 'other'")]
    [InlineData("Math.max(c.priority, 1) + parseInt('2', 10) - Math.round(1.4)")]
    [InlineData("[1, 2, 3].slice(1).join('-') + String(isFinite(1))")]
    [InlineData("({ level: c.priority, ok: !c.closed, list: [c.grid, 'x'] })")]
    [InlineData("typeof input.x === 'undefined' || input['x' + 1] == null")]
    [InlineData("// admins may comment\nc.priority > 2 /* urgent */")]
    [InlineData("(c.priority | 0) << 1 === 6 && ~-1 === 0")]
    public void Check_PlainExpressions_AreAllowed(string code)
    {
        JavaScriptGuard.Check(code, ["c"]).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("new Array(1e8).join()", "'new' is not allowed")]
    [InlineData("Array(1e8).join('x')", "Calling 'Array' is not allowed")]
    [InlineData("while (true) {}", "Loops are not allowed")]
    [InlineData("for (;;) {}", "Loops are not allowed")]
    [InlineData("do {} while (true)", "Loops are not allowed")]
    [InlineData("for (var k in input) {}", "Loops are not allowed")]
    [InlineData("function f() { return 1; }", "Functions are not allowed")]
    [InlineData("(function () { return 1; })()", "Functions are not allowed")]
    [InlineData("var x = 1; x", "'var'")]
    [InlineData("variables.a = 1", "Assignments are not allowed")]
    [InlineData("variables.a += 1", "Assignments are not allowed")]
    [InlineData("variables.a++", "'++' and '--' are not allowed")]
    [InlineData("delete variables.a", "'delete' is not allowed")]
    [InlineData("void 0", "'void' is not allowed")]
    [InlineData("this", "'this' is not allowed")]
    [InlineData("try { 1 } catch (e) { 2 }", "'try' and 'throw' are not allowed")]
    [InlineData("throw 1", "'try' and 'throw' are not allowed")]
    [InlineData("if (input.a) 1", "use the conditional operator")]
    [InlineData("/(a+)+$/.test(input.text)", "Regular expressions are not allowed")]
    [InlineData("input.text.split('').join('xx')", "method 'split' is not allowed")]
    [InlineData("input.text.replace('a', 'b')", "method 'replace' is not allowed")]
    [InlineData("input.list.join(input.separator)", "'join' takes at most one argument")]
    [InlineData("''['constructor']", "The member 'constructor' is not allowed")]
    [InlineData("input.__proto__", "The member '__proto__' is not allowed")]
    [InlineData("eval('1')", "Calling 'eval' is not allowed")]
    [InlineData("Math.random()", "'Math.random' is not allowed")]
    [InlineData("JSON.stringify(input)", "Calling the method 'stringify' is not allowed")]
    [InlineData("Object.keys(input)", "'Object' is not a name expressions can use")]
    [InlineData("unknownName + 1", "'unknownName' is not a name expressions can use")]
    [InlineData("input.list[0]()", "Only named functions and methods can be called")]
    [InlineData("getVariable.call(null, 'x')", "Calling the method 'call' is not allowed")]
    [InlineData("(1, 2)", "The comma operator is not allowed")]
    [InlineData("input instanceof Object", "'instanceof' is not allowed")]
    [InlineData("({ valueOf: 1 }) + 1", "may not have the key 'valueOf'")]
    [InlineData("({ get a() { return 1; } })", "Getters and setters are not allowed")]
    [InlineData("1; 2", "Write a single expression")]
    [InlineData("   ", "The expression is empty")]
    [InlineData(";", "The expression is empty")]
    [InlineData("variables.a >", "Syntax error")]
    public void Check_UnsafeOrUnsupportedCode_IsRefusedWithAReason(string code, string reason)
    {
        var reasons = JavaScriptGuard.Check(code);

        reasons.ShouldNotBeEmpty();
        reasons.ShouldContain(r => r.Contains(reason, StringComparison.Ordinal), $"Reasons were: {string.Join(" | ", reasons)}");
    }

    [Fact]
    public void Check_HostGlobal_IsAllowedOnlyWhenDeclared()
    {
        JavaScriptGuard.Check("c.status == 'Open'").ShouldNotBeEmpty();
        JavaScriptGuard.Check("c.status == 'Open'", ["c"]).ShouldBeEmpty();
    }

    [Fact]
    public void Check_Reason_NamesLineAndColumn()
    {
        var reasons = JavaScriptGuard.Check("input.a &&\n  new Date()");

        reasons.ShouldHaveSingleItem().ShouldContain("(line 2, column 3)");
    }

    [Fact]
    public void Check_TooLongText_IsRefusedBeforeParsing()
    {
        var code = "'" + new string('x', JavaScriptGuard.MaxLength) + "'";

        JavaScriptGuard.Check(code).ShouldHaveSingleItem().ShouldContain($"at most {JavaScriptGuard.MaxLength} are allowed");
    }

    [Fact]
    public void Check_DeeplyNestedBrackets_AreRefusedWithoutOverflowingTheStack()
    {
        // 900 nested groups overflow the stack of Jint's recursive parser and would end the process.
        var code = new string('(', 900) + "1" + new string(')', 900);

        JavaScriptGuard.Check(code).ShouldHaveSingleItem().ShouldContain("opening brackets");
    }

    [Fact]
    public void Check_BracketsHiddenBehindARegularExpression_AreStillCounted()
    {
        var code = "/\"/ + " + new string('(', 900) + "'\"'" + new string(')', 900);

        JavaScriptGuard.Check(code).ShouldContain(r => r.Contains("opening brackets", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_LongChainOfSigns_IsRefusedWithoutOverflowingTheStack()
    {
        var code = new string('!', 1500) + "1";

        JavaScriptGuard.Check(code).ShouldHaveSingleItem().ShouldContain("signs");
    }

    [Fact]
    public void Check_DeepSyntaxTree_IsRefused()
    {
        var code = string.Join(" * ", Enumerable.Repeat("2", JavaScriptGuard.MaxDepth + 10));

        JavaScriptGuard.Check(code).ShouldHaveSingleItem().ShouldContain($"nested more than {JavaScriptGuard.MaxDepth} levels");
    }

    [Theory]
    [InlineData("c", null)]
    [InlineData("$case", null)]
    [InlineData("case", "reserved word")]
    [InlineData("1st", "not a JavaScript name")]
    [InlineData("my case", "not a JavaScript name")]
    [InlineData("Array", "built-in name")]
    [InlineData("variables", "built-in name")]
    public void GlobalNameProblem_ExplainsWhyANameCannotBeUsed(string name, string? problem)
    {
        var result = JavaScriptGuard.GlobalNameProblem(name);

        if (problem is null)
            result.ShouldBeNull();
        else
            result.ShouldNotBeNull().ShouldContain(problem);
    }
}
