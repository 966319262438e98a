using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CaseHub.Workflows.Persistence;

/// <summary>
/// An EF compiled query for each model it meets. A compiled query refuses a second model, and one process can hold
/// several: the SQLite and PostgreSQL contexts (the tests run both), or the engine's own test context.
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
