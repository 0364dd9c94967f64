using HsGuard.Collector.Detection.Rules.Definitions;
using HsGuard.Collector.Detection.Rules.Evaluation;
using HsGuard.Collector.Detection.Rules.Syntax;
using HsGuard.Collector.Detection.Rules.Yaml;

namespace HsGuard.Collector.Detection.Rules.Compilation;

/// <summary>
/// Compiles conditions into <see cref="ConditionNode"/> trees: names resolved (a macro, or a bool
/// field), fields checked against <see cref="FieldCatalog"/>, values against the field's type,
/// lists expanded. Each macro is compiled once, on first use or in its turn, and its tree is shared
/// by the rules that name it; a macro that reaches itself is an error at the reference that closes
/// the circle. Every error is reported, not only the first.
/// </summary>
internal sealed class ConditionCompiler
{
    private readonly IReadOnlyDictionary<string, string[]> _lists;
    private readonly Dictionary<string, MacroDefinition> _macros;
    private readonly List<RuleError> _errors;
    /// <summary>Null while the macro is being compiled: meeting it again then is a cycle.</summary>
    private readonly Dictionary<string, CompiledMacro?> _compiled = new(StringComparer.Ordinal);
    private readonly List<string> _compiling = [];

    public ConditionCompiler(IReadOnlyDictionary<string, string[]> lists, IEnumerable<MacroDefinition> macros, List<RuleError> errors)
    {
        _lists = lists;
        _macros = macros.ToDictionary(m => m.Name, StringComparer.Ordinal);
        _errors = errors;
    }

    public CompiledMacro CompileMacro(string name)
    {
        if (_compiled.TryGetValue(name, out var done) && done is not null)
        {
            return done;
        }
        _compiled[name] = null;
        _compiling.Add(name);
        var definition = _macros[name];
        var scope = new Scope(this, definition.Condition, userRule: null);
        var node = definition.Condition.Count == 0 ? null : scope.Compile();
        _compiling.RemoveAt(_compiling.Count - 1);
        var compiled = new CompiledMacro(node, scope.ProcessField);
        _compiled[name] = compiled;
        return compiled;
    }

    /// <summary>A rule's condition; a user rule (source: user) may not use proc.* fields.</summary>
    public ConditionNode? CompileRule(RuleDefinition rule) =>
        new Scope(this, rule.Condition, rule.Source == RuleSource.User ? rule.Name : null).Compile();

    /// <summary>One condition being compiled: where its errors point, and what it uses.</summary>
    private sealed class Scope(ConditionCompiler compiler, IReadOnlyList<SourceScalar> condition, string? userRule)
    {
        private readonly SourceText _text = new(condition);

        public string? ProcessField { get; private set; }

        public ConditionNode? Compile()
        {
            try
            {
                return Compile(ConditionParser.Parse(_text.Value));
            }
            catch (ConditionSyntaxException e)
            {
                Error(e.Offset, e.Message);
                return null;
            }
        }

        private void Error(int offset, string message) => compiler._errors.Add(_text.ErrorAt(offset, message));

        private ConditionNode? Compile(ConditionSyntax syntax)
        {
            switch (syntax)
            {
                case LogicalSyntax logical:
                    var operands = logical.Operands.Select(Compile).ToArray();
                    return operands.Any(o => o is null) ? null
                        : logical.IsAnd ? new AndNode(operands!) : new OrNode(operands!);
                case NotSyntax not:
                    return Compile(not.Operand) is { } operand ? new NotNode(operand) : null;
                case NameSyntax name:
                    return Name(name);
                default:
                    return Comparison((ComparisonSyntax)syntax);
            }
        }

        private ConditionNode? Name(NameSyntax name)
        {
            if (compiler._macros.ContainsKey(name.Name))
            {
                return Macro(name);
            }
            if (!FieldCatalog.TryGet(name.Name, out var field))
            {
                Error(name.Offset, $"unknown macro or field '{name.Name}'"
                    + NameSuggestion.Hint(name.Name, compiler._macros.Keys.Concat(FieldCatalog.All.Select(f => f.Name))));
                return null;
            }
            Use(field, name.Offset);
            if (field.Type != FieldType.Bool)
            {
                Error(name.Offset, $"{field.Name} is a {FieldScope.TypeName(field.Type)} field, not a condition: compare it "
                    + $"({field.Name} op value) or test it with '{field.Name} exists'");
                return null;
            }
            return new BoolFieldNode(field.Id, expected: true);
        }

        private ConditionNode? Macro(NameSyntax name)
        {
            if (compiler._compiled.TryGetValue(name.Name, out var done) && done is null)
            {
                var circle = compiler._compiling.SkipWhile(m => m != name.Name).Append(name.Name);
                Error(name.Offset, $"macro '{name.Name}' refers to itself: {string.Join(" -> ", circle)}");
                return null;
            }
            var macro = done ?? compiler.CompileMacro(name.Name);
            if (macro.ProcessField is { } processField)
            {
                ProcessField ??= processField;
                if (userRule is not null)
                {
                    Error(name.Offset, FieldScope.UserRuleRefusal(userRule, processField) + $" (used through macro '{name.Name}')");
                }
            }
            return macro.Node;
        }

        private ConditionNode? Comparison(ComparisonSyntax comparison)
        {
            if (!FieldCatalog.TryGet(comparison.Field, out var field))
            {
                Error(comparison.Offset, compiler._macros.ContainsKey(comparison.Field)
                    ? $"'{comparison.Field}' is a macro: only a field can be compared"
                    : $"unknown field '{comparison.Field}'" + NameSuggestion.Hint(comparison.Field, FieldCatalog.All.Select(f => f.Name)));
                return null;
            }
            Use(field, comparison.Offset);
            return ComparisonCompiler.Build(field, comparison, compiler._lists, Error);
        }

        private void Use(FieldDefinition field, int offset)
        {
            if (!FieldScope.IsProcessField(field))
            {
                return;
            }
            ProcessField ??= field.Name;
            if (userRule is not null)
            {
                Error(offset, FieldScope.UserRuleRefusal(userRule, field.Name));
            }
        }
    }
}
