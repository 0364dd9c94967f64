namespace HsGuard.Collector.Detection.Rules.Definitions;

internal enum ItemKind
{
    List,
    Macro,
    Rule,
}
