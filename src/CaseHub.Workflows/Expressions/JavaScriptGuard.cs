using Jint.Parser;
using Jint.Parser.Ast;

namespace CaseHub.Workflows.Expressions;

/// <summary>
/// Checks a JavaScript expression against an allow-list before it runs. Jint's time and statement limits
/// cannot stop a single native call (<c>new Array(1e8).join()</c>), a catastrophic regular expression, or a
/// parser that recurses until the stack overflows, so everything that could do a lot of work in one step is
/// refused here, from the text and from the syntax tree of Jint's own parser.
/// </summary>
/// <remarks>
/// What is allowed:
/// <list type="bullet">
/// <item>One expression, optionally ending in <c>;</c>. No statements: no <c>var</c>, <c>if</c>, loops, <c>try</c>, <c>throw</c>, <c>with</c>.</item>
/// <item>Literals (no regular expressions), array and object literals, member access (<c>a.b</c>, <c>a['b']</c>),
/// arithmetic, comparison, bitwise and logical operators, <c>!</c>, <c>typeof</c>, <c>in</c>, and <c>a ? b : c</c>.</item>
/// <item>The names <c>variables</c>, <c>input</c>, <c>outputs</c>, <c>getVariable</c>, the host's globals (e.g. <c>c</c>),
/// <c>Math</c>, <c>undefined</c>, <c>NaN</c>, <c>Infinity</c>, and the functions in <see cref="Functions"/>.</item>
/// <item>Calls only to <see cref="Functions"/>, to <c>Math.*</c> except <c>random</c>, and to the methods in <see cref="Methods"/>.
/// <c>join</c> takes at most one argument, a string literal; <c>split</c>, <c>replace</c>, <c>match</c>, <c>search</c> and
/// <c>concat</c> are left out, because chained with <c>join</c> or a regular expression they let one native call
/// grow a value exponentially or run for minutes.</item>
/// </list>
/// What is refused besides: assignment, <c>++</c>/<c>--</c>, <c>delete</c>, <c>void</c>, <c>instanceof</c>, the comma
/// operator, <c>new</c>, <c>this</c>, functions, getters and setters, and the members <see cref="ForbiddenMembers"/>.
/// Text longer than <see cref="MaxLength"/>, with more than <see cref="MaxBrackets"/> brackets or more than
/// <see cref="MaxSigns"/> signs (<c>! ~ + -</c>), or nested deeper than <see cref="MaxDepth"/>, is refused too:
/// the parser and the interpreter recurse, and a stack overflow would end the process.
/// </remarks>
public static class JavaScriptGuard
{
    /// <summary>The longest expression accepted, in characters.</summary>
    public const int MaxLength = 2000;

    /// <summary>The most opening brackets <c>( [ {</c> an expression may hold, counted in the raw text.</summary>
    public const int MaxBrackets = 64;

    /// <summary>The most <c>! ~ + -</c> signs an expression may hold, counted in the raw text.</summary>
    public const int MaxSigns = 200;

    /// <summary>The deepest syntax tree accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Names that read the evaluation's data.</summary>
    public static IReadOnlyList<string> DataGlobals { get; } = ["variables", "input", "outputs", "getVariable"];

    /// <summary>Global functions that may be called.</summary>
    public static IReadOnlyList<string> Functions { get; } =
        ["getVariable", "parseInt", "parseFloat", "isNaN", "isFinite", "Number", "String", "Boolean"];

    /// <summary>Methods that may be called on strings, numbers, arrays and objects.</summary>
    public static IReadOnlyList<string> Methods { get; } =
    [
        "charAt", "charCodeAt", "indexOf", "lastIndexOf", "substring", "substr", "slice",
        "toLowerCase", "toUpperCase", "trim", "localeCompare", "toString", "toFixed", "join", "hasOwnProperty",
    ];

    /// <summary><c>Math</c> functions that may be called. <c>random</c> is left out so that a definition behaves the same every time.</summary>
    public static IReadOnlyList<string> MathFunctions { get; } =
    [
        "abs", "acos", "asin", "atan", "atan2", "ceil", "cos", "exp", "floor", "log", "max", "min", "pow", "round", "sin", "sqrt", "tan",
    ];

    /// <summary>Members that lead to constructors, prototypes or the call stack.</summary>
    public static IReadOnlyList<string> ForbiddenMembers { get; } =
    [
        "constructor", "prototype", "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__",
        "caller", "callee", "arguments",
    ];

    private static readonly HashSet<string> FunctionSet = [.. Functions];
    private static readonly HashSet<string> MethodSet = [.. Methods];
    private static readonly HashSet<string> MathSet = [.. MathFunctions];
    private static readonly HashSet<string> ForbiddenMemberSet = [.. ForbiddenMembers];

    /// <summary>Object literal keys that the engine would call on its own (conversions, JSON).</summary>
    private static readonly HashSet<string> ForbiddenKeys = [.. ForbiddenMembers, "valueOf", "toString", "toJSON", "toLocaleString"];

    /// <summary>Names every expression may use, besides the host's globals.</summary>
    private static readonly HashSet<string> BuiltinNames = [.. DataGlobals, .. Functions, "Math", "undefined", "NaN", "Infinity"];

    private static readonly HashSet<string> ReservedWords =
    [
        "break", "case", "catch", "continue", "debugger", "default", "delete", "do", "else", "finally", "for", "function", "if",
        "in", "instanceof", "new", "return", "switch", "this", "throw", "try", "typeof", "var", "void", "while", "with",
        "class", "const", "enum", "export", "extends", "import", "super", "implements", "interface", "let", "package",
        "private", "protected", "public", "static", "yield", "null", "true", "false",
    ];

    /// <summary>ES5 built-ins a host global must not hide.</summary>
    private static readonly HashSet<string> EngineGlobals =
    [
        "Object", "Function", "Array", "Date", "RegExp", "JSON", "Error", "EvalError", "RangeError", "ReferenceError",
        "SyntaxError", "TypeError", "URIError", "eval", "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent",
        "escape", "unescape", "arguments",
    ];

    /// <summary>
    /// Checks <paramref name="code"/> without running it. Returns the reasons it would be refused, in English
    /// (in Chinese when <paramref name="chinese"/> is set, for a reader such as the designer's admin), each with its
    /// line and column where known; an empty list means it may run.
    /// </summary>
    /// <param name="code">The expression as the admin wrote it.</param>
    /// <param name="globalNames">Names of the host's globals, e.g. <c>c</c> for the case (see <see cref="JavaScriptOptions.GlobalNames"/>).</param>
    /// <param name="chinese">Word the reasons in Chinese. Incidents and logs keep the English default.</param>
    public static IReadOnlyList<string> Check(string code, IEnumerable<string>? globalNames = null, bool chinese = false)
    {
        var reasons = new List<string>();
        Analyze(code, globalNames, reasons, chinese);
        return reasons;
    }

    /// <summary>Why <paramref name="name"/> cannot be a host global, or null when it can.</summary>
    public static string? GlobalNameProblem(string name)
    {
        if (string.IsNullOrEmpty(name) || !IsIdentifierStart(name[0]) || !name.All(IsIdentifierPart))
            return $"'{name}' is not a JavaScript name; use letters, digits, '_' or '$', not starting with a digit.";
        if (ReservedWords.Contains(name))
            return $"'{name}' is a reserved word in JavaScript.";
        if (BuiltinNames.Contains(name) || EngineGlobals.Contains(name))
            return $"'{name}' is already a built-in name in expressions.";
        return null;
    }

    /// <summary>Parses and checks <paramref name="code"/>; null when it is refused, with the reasons added to <paramref name="reasons"/>.</summary>
    internal static CheckedScript? Analyze(string code, IEnumerable<string>? globalNames, List<string> reasons, bool chinese = false)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            reasons.Add(Pick(chinese, "表达式为空。", "The expression is empty."));
            return null;
        }
        if (!CheckText(code, reasons, chinese))
            return null;

        Program program;
        try
        {
            program = new JavaScriptParser().Parse(code);
        }
        catch (ParserException e)
        {
            reasons.Add(Pick(chinese, $"语法错误：{e.Description ?? e.Message}（第 {e.LineNumber} 行，第 {e.Column} 列）。",
                $"Syntax error: {e.Description ?? e.Message} (line {e.LineNumber}, column {e.Column})."));
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The text comes from admins and the parser is a 2015 port; a surprise there must not fail a publish with a 500.
            reasons.Add(Pick(chinese, $"表达式无法解析：{e.Message}", $"The expression could not be parsed: {e.Message}"));
            return null;
        }

        var allowed = new HashSet<string>(BuiltinNames, StringComparer.Ordinal);
        foreach (var name in globalNames ?? [])
        {
            if (GlobalNameProblem(name) is null)
                allowed.Add(name);
        }
        var walker = new Walker(allowed, reasons, chinese);
        walker.CheckProgram(program);
        return reasons.Count == 0 ? new CheckedScript(program, walker.Used) : null;
    }

    /// <summary>Limits on the raw text, checked before parsing because Jint's parser recurses on brackets and signs.</summary>
    private static bool CheckText(string code, List<string> reasons, bool chinese)
    {
        if (code.Length > MaxLength)
        {
            reasons.Add(Pick(chinese, $"表达式有 {code.Length} 个字符，最多允许 {MaxLength} 个。",
                $"The expression is {code.Length} characters long; at most {MaxLength} are allowed."));
            return false;
        }
        // Counted over the whole text, strings and comments included: a lexer here could be fooled where
        // it and the parser disagree (regular expressions), and an overcount only refuses odd code.
        var brackets = code.Count(ch => ch is '(' or '[' or '{');
        if (brackets > MaxBrackets)
            reasons.Add(Pick(chinese, $"表达式有 {brackets} 个左括号，最多允许 {MaxBrackets} 个。",
                $"The expression has {brackets} opening brackets; at most {MaxBrackets} are allowed."));
        var signs = code.Count(ch => ch is '!' or '~' or '+' or '-');
        if (signs > MaxSigns)
            reasons.Add(Pick(chinese, $"表达式有 {signs} 个 ! ~ + - 符号，最多允许 {MaxSigns} 个。",
                $"The expression has {signs} of the signs ! ~ + -; at most {MaxSigns} are allowed."));
        return reasons.Count == 0;
    }

    private static bool IsIdentifierStart(char ch) => char.IsLetter(ch) || ch is '_' or '$';

    private static bool IsIdentifierPart(char ch) => char.IsLetterOrDigit(ch) || ch is '_' or '$';

    private static string Pick(bool chinese, string zh, string en) => chinese ? zh : en;

    private static string At(SyntaxNode node, bool chinese) =>
        node.Location is { } location
            ? Pick(chinese, $"（第 {location.Start.Line} 行，第 {location.Start.Column + 1} 列）", $" (line {location.Start.Line}, column {location.Start.Column + 1})")
            : "";

    private sealed class Walker(HashSet<string> allowed, List<string> reasons, bool chinese)
    {
        private bool _tooDeep;

        private string T(string zh, string en) => chinese ? zh : en;

        /// <summary>The names of data and host globals the expression reads, so only those are handed to the engine.</summary>
        public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

        public void CheckProgram(Program program)
        {
            var expressions = 0;
            foreach (var statement in program.Body)
            {
                switch (statement)
                {
                    case EmptyStatement:
                        break;
                    case ExpressionStatement e:
                        if (++expressions == 2)
                            Refuse(statement, T("只能写一个表达式，第二条语句从这里开始", "Write a single expression; a second statement starts here"));
                        Visit(e.Expression, 1);
                        break;
                    default:
                        Refuse(statement, StatementReason(statement));
                        break;
                }
            }
            if (expressions == 0 && reasons.Count == 0)
                reasons.Add(T("表达式为空。", "The expression is empty."));
        }

        private string StatementReason(Statement statement) => statement switch
        {
            VariableDeclaration => T("不允许用“var”声明变量，请只写一个表达式", "Declaring variables with 'var' is not allowed; write a single expression"),
            FunctionDeclaration => T("不允许使用函数", "Functions are not allowed"),
            ForStatement or ForInStatement or WhileStatement or DoWhileStatement => T("不允许使用循环", "Loops are not allowed"),
            IfStatement or SwitchStatement => T("不允许使用“if”和“switch”，请改用条件运算符 a ? b : c", "'if' and 'switch' are not allowed; use the conditional operator a ? b : c"),
            TryStatement or ThrowStatement => T("不允许使用“try”和“throw”", "'try' and 'throw' are not allowed"),
            WithStatement => T("不允许使用“with”", "'with' is not allowed"),
            _ => T($"不允许使用 {statement.Type}，请只写一个表达式", $"A {statement.Type} is not allowed; write a single expression"),
        };

        private void Visit(Expression? node, int depth)
        {
            if (node is null || _tooDeep)
                return;
            if (depth > MaxDepth)
            {
                _tooDeep = true;
                Refuse(node, T($"表达式嵌套超过 {MaxDepth} 层", $"The expression is nested more than {MaxDepth} levels deep"));
                return;
            }
            switch (node)
            {
                case Literal literal:
                    if (literal.Type == SyntaxNodes.RegularExpressionLiteral)
                        Refuse(node, T("不允许使用正则表达式，请改用 indexOf", "Regular expressions are not allowed; use indexOf"));
                    break;
                case Identifier identifier:
                    CheckName(identifier);
                    break;
                case ArrayExpression array:
                    foreach (var element in array.Elements)
                        Visit(element, depth + 1);
                    break;
                case ObjectExpression obj:
                    foreach (var property in obj.Properties)
                    {
                        if (property.Kind != PropertyKind.Data)
                        {
                            Refuse(property, T("不允许使用 getter 和 setter", "Getters and setters are not allowed"));
                            continue;
                        }
                        if (KeyName(property.Key) is { } key && ForbiddenKeys.Contains(key))
                            Refuse(property, T($"对象字面量不能使用键“{key}”", $"An object literal may not have the key '{key}'"));
                        Visit(property.Value, depth + 1);
                    }
                    break;
                case MemberExpression member:
                    CheckMember(member);
                    Visit(member.Object, depth + 1);
                    if (member.Computed)
                        Visit(member.Property, depth + 1);
                    break;
                case CallExpression call:
                    CheckCall(call, depth);
                    break;
                case UpdateExpression:
                    Refuse(node, T("不允许使用“++”和“--”，表达式只能读取值", "'++' and '--' are not allowed; an expression may only read values"));
                    break;
                case UnaryExpression unary:
                    if (unary.Operator is UnaryOperator.Delete or UnaryOperator.Void or UnaryOperator.Increment or UnaryOperator.Decrement)
                        Refuse(node, T($"不允许使用运算符“{UnarySymbol(unary.Operator)}”", $"The operator '{UnarySymbol(unary.Operator)}' is not allowed"));
                    Visit(unary.Argument, depth + 1);
                    break;
                case BinaryExpression binary:
                    if (binary.Operator == BinaryOperator.InstanceOf)
                        Refuse(node, T("不允许使用“instanceof”", "'instanceof' is not allowed"));
                    Visit(binary.Left, depth + 1);
                    Visit(binary.Right, depth + 1);
                    break;
                case LogicalExpression logical:
                    Visit(logical.Left, depth + 1);
                    Visit(logical.Right, depth + 1);
                    break;
                case ConditionalExpression conditional:
                    Visit(conditional.Test, depth + 1);
                    Visit(conditional.Consequent, depth + 1);
                    Visit(conditional.Alternate, depth + 1);
                    break;
                case AssignmentExpression:
                    Refuse(node, T("不允许赋值，表达式只能读取值", "Assignments are not allowed; an expression may only read values"));
                    break;
                case NewExpression:
                    Refuse(node, T("不允许使用“new”", "'new' is not allowed"));
                    break;
                case ThisExpression:
                    Refuse(node, T("不允许使用“this”", "'this' is not allowed"));
                    break;
                case FunctionExpression:
                    Refuse(node, T("不允许使用函数", "Functions are not allowed"));
                    break;
                case SequenceExpression:
                    Refuse(node, T("不允许使用逗号运算符，请只写一个表达式", "The comma operator is not allowed; write a single expression"));
                    break;
                default:
                    Refuse(node, T($"不允许使用 {node.Type}", $"A {node.Type} is not allowed"));
                    break;
            }
        }

        private void CheckName(Identifier identifier)
        {
            if (allowed.Contains(identifier.Name))
            {
                if (!BuiltinNames.Contains(identifier.Name) || DataGlobals.Contains(identifier.Name))
                    Used.Add(identifier.Name);
                return;
            }
            var others = allowed.Where(n => !BuiltinNames.Contains(n)).Order(StringComparer.Ordinal).ToList();
            Refuse(identifier, T(
                $"表达式不能使用名称“{identifier.Name}”；可用 variables、input、outputs、getVariable(name)"
                    + (others.Count > 0 ? "、" + string.Join("、", others) : "")
                    + "、Math 或函数 " + string.Join("、", Functions.Skip(1)),
                $"'{identifier.Name}' is not a name expressions can use; use variables, input, outputs, getVariable(name)"
                    + (others.Count > 0 ? ", " + string.Join(", ", others) : "")
                    + ", Math or the functions " + string.Join(", ", Functions.Skip(1))));
        }

        private void CheckMember(MemberExpression member)
        {
            var name = member.Computed
                ? (member.Property as Literal)?.Value as string
                : (member.Property as Identifier)?.Name;
            if (name is not null && ForbiddenMemberSet.Contains(name))
                Refuse(member, T($"不允许访问成员“{name}”", $"The member '{name}' is not allowed"));
        }

        private void CheckCall(CallExpression call, int depth)
        {
            switch (call.Callee)
            {
                case Identifier function:
                    if (!FunctionSet.Contains(function.Name))
                        Refuse(call, T($"不允许调用“{function.Name}”；可调用的有函数 {string.Join("、", Functions)}、Math.* 以及方法 {string.Join("、", Methods)}",
                            $"Calling '{function.Name}' is not allowed; the functions are {string.Join(", ", Functions)}, Math.* and the methods {string.Join(", ", Methods)}"));
                    else
                        CheckName(function);
                    break;
                case MemberExpression { Computed: false, Object: Identifier { Name: "Math" }, Property: Identifier method }:
                    if (!MathSet.Contains(method.Name))
                        Refuse(call, T($"不允许使用“Math.{method.Name}”；可用的 Math 函数有 {string.Join("、", MathFunctions)}",
                            $"'Math.{method.Name}' is not allowed; the Math functions are {string.Join(", ", MathFunctions)}"));
                    break;
                case MemberExpression { Computed: false, Property: Identifier method } member:
                    if (!MethodSet.Contains(method.Name))
                        Refuse(call, T($"不允许调用方法“{method.Name}”；可用的方法有 {string.Join("、", Methods)}",
                            $"Calling the method '{method.Name}' is not allowed; the methods are {string.Join(", ", Methods)}"));
                    else if (method.Name == "join" && (call.Arguments.Count > 1 || (call.Arguments.Count == 1 && call.Arguments[0] is not Literal { Value: string })))
                        Refuse(call, T("“join”最多只能有一个参数，且必须是字符串字面量，如 ', '", "'join' takes at most one argument, and it must be a string literal such as ', '"));
                    Visit(member.Object, depth + 1);
                    break;
                default:
                    Refuse(call, T("只能调用具名的函数和方法，如 Math.max(a, b) 或 name.trim()", "Only named functions and methods can be called, as in Math.max(a, b) or name.trim()"));
                    Visit(call.Callee, depth + 1);
                    break;
            }
            foreach (var argument in call.Arguments)
                Visit(argument, depth + 1);
        }

        private static string? KeyName(IPropertyKeyExpression key) => key switch
        {
            Identifier identifier => identifier.Name,
            Literal literal => Convert.ToString(literal.Value, System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };

        private static string UnarySymbol(UnaryOperator op) => op switch
        {
            UnaryOperator.Delete => "delete",
            UnaryOperator.Void => "void",
            UnaryOperator.Increment => "++",
            UnaryOperator.Decrement => "--",
            _ => op.ToString(),
        };

        private void Refuse(SyntaxNode node, string reason) => reasons.Add(reason + At(node, chinese) + T("。", "."));
    }
}

/// <summary>A parsed expression that passed <see cref="JavaScriptGuard"/>, with the data and host globals it reads.</summary>
internal sealed record CheckedScript(Program Program, IReadOnlySet<string> Globals);
