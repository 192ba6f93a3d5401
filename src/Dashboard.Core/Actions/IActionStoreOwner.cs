namespace Dashboard.Core.Actions;

/// <summary>A history store that keeps operators' actions in its own database (schema v5).</summary>
public interface IActionStoreOwner
{
    IActionStore Actions { get; }
}
