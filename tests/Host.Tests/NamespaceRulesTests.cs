using System.Reflection;
using Lumen.Reliability.History;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage.PowerFlow.ThreePhase;
using Xunit;

namespace Lumen.Host.Tests;

/// <summary>
/// The architecture as the compiled code has it (reflection over types and IL, not a text search): namespaces form no
/// cycle, the service and CLI code in Host computes nothing a library should, and power flow is the voltage area's.
/// </summary>
public sealed class NamespaceRulesTests
{
    public static TheoryData<string> Assemblies => new() { "Lumen.Topology", "Lumen.Reliability", "Lumen.Forecast", "lumen" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Namespaces_FormNoCycle(string assembly)
    {
        Dictionary<string, HashSet<string>> graph = NamespaceGraph(Assembly.Load(assembly));
        List<string>? cycle = FindCycle(graph);
        Assert.True(cycle is null, cycle is null ? null : "namespace cycle: " + string.Join(" → ", cycle) + "\n" + Witnesses(Assembly.Load(assembly), cycle));
    }

    [Fact]
    public void HostServiceAndCliCode_ComputesNothing()
    {
        // Arithmetic on quantities is a library's: the API, its background services and the CLI commands gather inputs,
        // call one entry point and render its document. Math and numeric LINQ aggregates in them are computations.
        List<string> offenders = Computations(Assembly.Load("lumen"), ["Lumen.Host.Api", "Lumen.Host.Services", "Lumen.Host.Cli.Commands"]);
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void ApiHandlers_CallEntryPoints_NotKernels()
    {
        // An endpoint answers through its question's entry point; calling a kernel under it leaves the rest of the
        // answer (merging, ordering, filtering) to be written in Host, beside the CLI's copy.
        List<string> offenders = KernelCalls(Assembly.Load("lumen"), ["Lumen.Host.Api"], s_kernels);
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void PredictiveAdapters_CallEntryPoints_NotKernels()
    {
        // The what-if and the placement take ids and answer problems in the library (WhatIfQuery, PlacementQuery):
        // neither the API nor the CLI resolves ids to indices for the kernels, or catches what they throw.
        List<string> offenders = KernelCalls(Assembly.Load("lumen"), ["Lumen.Host.Api", "Lumen.Host.Cli.Commands"], s_predictiveKernels);
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void HostCode_CatchesNoArgumentException()
    {
        // Bad user input comes back from a library as problems; an ArgumentException is a programming error. Host code
        // (a handler, a background slice, a command, a repository) that catches one turns a library's guard into its
        // own validation, unseen by the other front end.
        Assembly host = Assembly.Load("lumen");
        string[] namespaces = [.. host.GetTypes().Select(t => t.Namespace).OfType<string>().Where(n => n.StartsWith("Lumen.Host", StringComparison.Ordinal)).Distinct()];
        Assert.Contains("Lumen.Host.Services", namespaces);
        List<string> offenders = ArgumentCatches(host, namespaces);
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void Documents_NameSaidiOneWay()
    {
        // SAIDI is `saidi` in hours (docs/glossary.md): a public property of a library type that spells the unit into
        // the name (SaidiHours, DeltaSaidiHours) is a second name for the same JSON field. A major event day's daily
        // SAIDI is the one exception the glossary lists.
        string[] known = ["MajorEventDay.SaidiHours"];
        List<string> offenders = [.. new[] { "Lumen.Topology", "Lumen.Reliability", "Lumen.Forecast" }.SelectMany(a => SaidiWithUnit(Assembly.Load(a))).Except(known)];
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    /// <summary>Public properties of the assembly's types named with SAIDI and its unit.</summary>
    internal static List<string> SaidiWithUnit(Assembly assembly) =>
        [.. assembly.GetTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.Name.Contains("SaidiHours", StringComparison.Ordinal))
            .Select(x => $"{x.Type.Name}.{x.Property.Name}").Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public void PowerFlow_LivesInTheVoltageArea()
    {
        // Power flow is the voltage area's (docs/three-phase-power-flow.md): its solvers and scenarios are in
        // Lumen.Reliability.Voltage.PowerFlow; Topology keeps only network data, such as the phase description the
        // OpenDSS importer fills (Lumen.Topology.Phases), and the demo's taps are set by the voltage area (DemoGrid).
        Assert.StartsWith(PowerFlowHome, typeof(RadialPowerFlow).Namespace, StringComparison.Ordinal);
        Assert.StartsWith(PowerFlowHome, typeof(ThreePhasePowerFlow).Namespace, StringComparison.Ordinal);
        Assert.Equal("Lumen.Topology.Phases", typeof(Lumen.Topology.Phases.PhaseNetwork).Namespace);
        List<string> offenders = [.. new[] { "Lumen.Topology", "Lumen.Reliability", "Lumen.Forecast" }.SelectMany(a => PowerFlowNamespacesOutsideVoltage(Assembly.Load(a)))];
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    private const string PowerFlowHome = "Lumen.Reliability.Voltage.PowerFlow";

    /// <summary>Namespaces of the assembly named after power flow that are not the voltage area's power-flow namespace or below it.</summary>
    internal static List<string> PowerFlowNamespacesOutsideVoltage(Assembly assembly) =>
        [.. assembly.GetTypes().Select(t => t.Namespace).OfType<string>().Distinct()
            .Where(n => n.Split('.').Any(part => part.Contains("PowerFlow", StringComparison.Ordinal)))
            .Where(n => n != PowerFlowHome && !n.StartsWith(PowerFlowHome + ".", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    private const string FixturePrefix = "Lumen.Host.Tests.RuleFixtures.";

    [Fact]
    public void Rules_FailOnACycleAndOnAComputation()
    {
        // The rules can fail: the fixtures of NamespaceRuleFixtures.cs (in this test assembly) hold a namespace cycle and an adapter that computes.
        Assembly self = typeof(NamespaceRulesTests).Assembly;
        Dictionary<string, HashSet<string>> graph = NamespaceGraph(self);
        List<string>? cycle = FindCycle(graph.Where(e => e.Key.StartsWith(FixturePrefix, StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value));
        Assert.NotNull(cycle);
        Assert.Equal(cycle[0], cycle[^1]);
        Assert.Contains(FixturePrefix + "A", cycle);
        Assert.Contains(FixturePrefix + "B", cycle);

        List<string> offenders = Computations(self, [FixturePrefix + "A"]);
        Assert.Equal(["Computes.Total calls Enumerable.Sum", "Computes.Total calls Math.Sqrt"], offenders);
        Assert.Equal(["Computes.Worst calls HistoryStatistics.Compute"], KernelCalls(self, [FixturePrefix + "A"], s_kernels));
        Assert.Equal(["Computes.WhatIf calls WhatIfAnalysis.Evaluate"], KernelCalls(self, [FixturePrefix + "A"], s_predictiveKernels));
        Assert.Equal(["Computes.Guarded catches ArgumentOutOfRangeException", "Computes.GuardedAsync catches ArgumentException"], ArgumentCatches(self, [FixturePrefix + "A"]));
        Assert.Contains("Refers.DeltaSaidiHours", SaidiWithUnit(self));
        Assert.Equal([FixturePrefix + "PowerFlow"], PowerFlowNamespacesOutsideVoltage(self));
    }

    /// <summary>Library kernels whose answers have entry points (<c>OutageStatisticsQuery</c>, <c>WorstServedQuery</c>): adapters call those instead.</summary>
    private static readonly Type[] s_kernels = [typeof(HistoryStatistics)];

    /// <summary>Kernels of the what-if and the placement, whose entry points are <c>WhatIfQuery</c> and <c>PlacementQuery</c>.</summary>
    private static readonly Type[] s_predictiveKernels = [typeof(WhatIfAnalysis), typeof(PlacementSearch)];

    /// <summary>Calls from types of <paramref name="namespaces"/> to a kernel of <paramref name="kernels"/>.</summary>
    internal static List<string> KernelCalls(Assembly assembly, string[] namespaces, Type[] kernels) =>
        DependencyScanner.MemberReferences(assembly)
            .Where(r => namespaces.Contains(r.From.Namespace) && kernels.Contains(r.Member.DeclaringType))
            .Select(r => $"{r.From.Name}.{r.Caller.Name} calls {r.Member.DeclaringType!.Name}.{r.Member.Name}")
            .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Methods of types of <paramref name="namespaces"/> (async state machines and closures count for the method they belong to) with a catch of <see cref="ArgumentException"/> or a subclass, by type or by filter.</summary>
    internal static List<string> ArgumentCatches(Assembly assembly, string[] namespaces)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var offenders = new List<string>();
        foreach (Type type in assembly.GetTypes().Where(t => namespaces.Contains(t.Namespace)))
        {
            Type owner = type;
            while (owner.DeclaringType is { } outer)
            {
                owner = outer;
            }

            foreach (MethodBase method in type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared)))
            {
                // A state machine's MoveNext is named after its method: <QueryAsync>d__3.
                string name = type == owner ? method.Name : type.Name.Split('>')[0].TrimStart('<');
                foreach (ExceptionHandlingClause clause in method.GetMethodBody()?.ExceptionHandlingClauses ?? [])
                {
                    // catch (ArgumentException), or a filter that tests for one: catch (Exception e) when (e is ArgumentException or …).
                    IEnumerable<Type> caught = clause.Flags switch
                    {
                        ExceptionHandlingClauseOptions.Clause => [clause.CatchType!],
                        ExceptionHandlingClauseOptions.Filter => DependencyScanner.BodyMembers(method, clause.FilterOffset, clause.HandlerOffset).OfType<Type>(),
                        _ => [],
                    };
                    foreach (Type argument in caught.Where(typeof(ArgumentException).IsAssignableFrom))
                    {
                        offenders.Add($"{owner.Name}.{name} catches {argument.Name}");
                    }
                }
            }
        }

        return [.. offenders.Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>Calls from types of <paramref name="namespaces"/> to Math (other than Min, Max, Clamp and Round, which present), to LINQ's Sum and Average of non-integers and to MathNet.</summary>
    internal static List<string> Computations(Assembly assembly, string[] namespaces) =>
        DependencyScanner.MemberReferences(assembly)
            .Where(r => namespaces.Any(a => r.From.Namespace == a) && IsComputation(r.Member))
            .Select(r => $"{r.From.Name}.{r.Caller.Name} calls {r.Member.DeclaringType!.Name}.{r.Member.Name}")
            .Distinct().Order(StringComparer.Ordinal).ToList();

    private static bool IsComputation(MemberInfo member) => member.DeclaringType is { } t && member is MethodInfo m
        && ((t == typeof(Math) && m.Name is not ("Min" or "Max" or "Clamp" or "Round"))
            || (t == typeof(Enumerable) && m.Name is "Sum" or "Average" && m.ReturnType != typeof(int) && m.ReturnType != typeof(long))
            || t.Namespace?.StartsWith("MathNet", StringComparison.Ordinal) == true);

    /// <summary>Namespace → the other Lumen namespaces its types refer to.</summary>
    internal static Dictionary<string, HashSet<string>> NamespaceGraph(Assembly assembly)
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach ((Type from, Type to) in DependencyScanner.TypeReferences(assembly))
        {
            foreach (Type t in Flatten(to))
            {
                string? a = from.Namespace;
                string? b = t.Namespace;
                if (a is null || b is null || a == b || !b.StartsWith("Lumen.", StringComparison.Ordinal) || t.Assembly != assembly)
                {
                    continue;
                }

                (graph.TryGetValue(a, out HashSet<string>? set) ? set : graph[a] = new(StringComparer.Ordinal)).Add(b);
            }
        }

        return graph;
    }

    /// <summary>A cycle of the graph as a path that returns to its start, or null; found by an iterative depth-first search.</summary>
    internal static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the stack, 2 done
        foreach (string root in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (state.ContainsKey(root))
            {
                continue;
            }

            var path = new List<string> { root };
            var iterators = new Stack<IEnumerator<string>>();
            state[root] = 1;
            iterators.Push(Next(graph, root));
            while (iterators.Count > 0)
            {
                IEnumerator<string> it = iterators.Peek();
                if (!it.MoveNext())
                {
                    iterators.Pop();
                    state[path[^1]] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                string next = it.Current;
                if (state.TryGetValue(next, out int s))
                {
                    if (s == 1)
                    {
                        return [.. path[path.IndexOf(next)..], next];
                    }

                    continue;
                }

                state[next] = 1;
                path.Add(next);
                iterators.Push(Next(graph, next));
            }
        }

        return null;
    }

    private static IEnumerator<string> Next(Dictionary<string, HashSet<string>> graph, string node) =>
        (graph.TryGetValue(node, out HashSet<string>? set) ? set.Order(StringComparer.Ordinal).ToList() : []).GetEnumerator();

    private static string Witnesses(Assembly assembly, List<string> cycle)
    {
        var lines = new List<string>();
        for (int i = 0; i + 1 < cycle.Count; i++)
        {
            (Type From, Type To) w = DependencyScanner.TypeReferences(assembly).SelectMany(p => Flatten(p.To).Select(t => (p.From, To: t)))
                .First(p => p.From.Namespace == cycle[i] && p.To.Namespace == cycle[i + 1]);
            lines.Add($"  {w.From.FullName} uses {w.To.FullName}");
        }

        return string.Join("\n", lines);
    }

    /// <summary>A type and the types inside it (element types, generic arguments).</summary>
    internal static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType)
        {
            foreach (Type t in Flatten(type.GetElementType()!))
            {
                yield return t;
            }

            yield break;
        }

        yield return type.IsGenericType && !type.IsGenericTypeDefinition ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (Type t in type.GetGenericArguments().SelectMany(Flatten))
            {
                yield return t;
            }
        }
    }
}
