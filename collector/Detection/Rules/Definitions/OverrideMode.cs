namespace HsGuard.Collector.Detection.Rules.Definitions;

/// <summary>How an override item changes a key of an earlier item (Falco 0.36's <c>override:</c>).</summary>
internal enum OverrideMode
{
    Append,
    Replace,
}
