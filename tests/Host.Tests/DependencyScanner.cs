using System.Reflection;
using System.Reflection.Emit;

namespace Lumen.Host.Tests;

/// <summary>
/// What the code of an assembly refers to, read by reflection: each type's base type, interfaces, fields, method
/// signatures and the types and members its method bodies use (IL operand tokens resolved through the module).
/// </summary>
internal static class DependencyScanner
{
    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every (type, referenced type) pair of <paramref name="assembly"/>'s own types (compiler-generated types count for their declaring type).</summary>
    public static IEnumerable<(Type From, Type To)> TypeReferences(Assembly assembly)
    {
        foreach (Type type in assembly.GetTypes())
        {
            Type owner = Owner(type);
            foreach (Type to in Referenced(type))
            {
                yield return (owner, to);
            }
        }
    }

    /// <summary>Every (type, called or used member) pair of <paramref name="assembly"/>'s method bodies.</summary>
    public static IEnumerable<(Type From, MethodBase Caller, MemberInfo Member)> MemberReferences(Assembly assembly)
    {
        foreach (Type type in assembly.GetTypes())
        {
            foreach (MethodBase method in Methods(type))
            {
                foreach (MemberInfo member in BodyMembers(method))
                {
                    yield return (Owner(type), method, member);
                }
            }
        }
    }

    /// <summary>The type a compiler-generated type (closure, iterator, state machine) belongs to.</summary>
    private static Type Owner(Type type)
    {
        while (type.DeclaringType is { } outer && (type.Name.Contains('<', StringComparison.Ordinal) || type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute))))
        {
            type = outer;
        }

        return type;
    }

    private static IEnumerable<MethodBase> Methods(Type type) =>
        type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared));

    private static IEnumerable<Type> Referenced(Type type)
    {
        if (type.BaseType is { } b)
        {
            yield return b;
        }

        foreach (Type i in type.GetInterfaces())
        {
            yield return i;
        }

        foreach (FieldInfo f in type.GetFields(Declared))
        {
            yield return f.FieldType;
        }

        foreach (MethodBase m in Methods(type))
        {
            if (m is MethodInfo mi)
            {
                yield return mi.ReturnType;
            }

            foreach (ParameterInfo p in m.GetParameters())
            {
                yield return p.ParameterType;
            }

            foreach (MemberInfo member in BodyMembers(m))
            {
                switch (member)
                {
                    case Type t:
                        yield return t;
                        break;
                    case { DeclaringType: { } declaring }:
                        yield return declaring;
                        break;
                }
            }
        }
    }

    /// <summary>The members and types whose tokens the IL of a method body carries between offsets <paramref name="start"/> (inclusive) and <paramref name="end"/> (exclusive): a catch filter's block.</summary>
    public static IEnumerable<MemberInfo> BodyMembers(MethodBase method, int start, int end) => BodyMembers(method, (start, end));

    /// <summary>The members and types whose tokens a method body's IL carries (only those of instructions in <paramref name="range"/> when given).</summary>
    private static IEnumerable<MemberInfo> BodyMembers(MethodBase method, (int Start, int End)? range = null)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception ex) when (ex is InvalidOperationException or BadImageFormatException)
        {
            yield break;
        }

        if (il is null)
        {
            yield break;
        }

        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int pc = 0;
        while (pc < il.Length)
        {
            bool inRange = range is not { } r || (pc >= r.Start && pc < r.End);
            short value = il[pc] == 0xFE ? (short)(0xFE00 | il[pc + 1]) : il[pc];
            pc += il[pc] == 0xFE ? 2 : 1;
            if (!s_opCodes.TryGetValue(value, out OpCode op))
            {
                yield break;
            }

            int size = OperandSize(op, il, pc);
            if (inRange && op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try
                {
                    member = method.Module.ResolveMember(BitConverter.ToInt32(il, pc), typeArgs, methodArgs);
                }
                catch (Exception ex) when (ex is ArgumentException or TypeLoadException or MissingMemberException or BadImageFormatException)
                {
                }

                if (member is not null)
                {
                    yield return member;
                }
            }

            pc += size;
        }
    }

    private static int OperandSize(OpCode op, byte[] il, int pc) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, pc)),
        _ => 4,
    };
}
