"""corolint as a Bazel aspect.

Each C/C++ source file of a cc_library, cc_binary or cc_test is analysed by an action of its own,
with the compile command Bazel's C++ toolchain gives it, into that unit's corolint summary. The
output group `corolint_report` links every summary of the build below the requested targets
(through `deps`) into text, JSON and SARIF reports with `corolint link`.

    bazel build //... --aspects=@corolint//:corolint.bzl%corolint_aspect \\
        --output_groups=corolint_report

Summaries name files relative to the execution root (`--path-root .`), so an action's output is
the same in any sandbox or on any remote executor, and reports name them relative to the
workspace.
"""

load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")
load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")

CorolintInfo = provider(
    doc = "The corolint summaries of a target and of everything it depends on.",
    fields = {
        "summaries": "depset of directories (one per translation unit) holding its summary",
        "files": "depset of the sources and headers the summaries name (the link step reads them)",
        "has_units": "whether there is any summary at all (header-only libraries have none)",
    },
)

_C_EXTENSIONS = ["c"]
_CXX_EXTENSIONS = ["cc", "cpp", "cxx", "c++", "C"]

def _sources(rule_attr):
    files = []
    for src in getattr(rule_attr, "srcs", []):
        for f in src.files.to_list():
            if f.extension in _C_EXTENSIONS + _CXX_EXTENSIONS:
                files.append(f)
    return files

def _compile_command(ctx, toolchain, features, compilation, src, copts):
    """The argument vector Bazel compiles src with: the toolchain's flags, then the target's."""
    action = ACTION_NAMES.c_compile if src.extension in _C_EXTENSIONS else ACTION_NAMES.cpp_compile
    language_opts = ctx.fragments.cpp.conlyopts if action == ACTION_NAMES.c_compile else ctx.fragments.cpp.cxxopts
    defines = [compilation.defines]
    if hasattr(compilation, "local_defines"):
        defines.append(compilation.local_defines)
    variables = cc_common.create_compile_variables(
        feature_configuration = features,
        cc_toolchain = toolchain,
        user_compile_flags = ctx.fragments.cpp.copts + language_opts + copts,
        source_file = src.path,
        output_file = src.path + ".o",
        include_directories = compilation.includes,
        quote_include_directories = compilation.quote_includes,
        system_include_directories = compilation.system_includes,
        framework_include_directories = compilation.framework_includes,
        preprocessor_defines = depset(transitive = defines),
    )
    tool = cc_common.get_tool_for_action(feature_configuration = features, action_name = action)
    flags = cc_common.get_memory_inefficient_command_line(
        feature_configuration = features,
        action_name = action,
        variables = variables,
    )
    return [tool] + flags

def _unit_name(target, src):
    # Unique per target and source; a source of another repository keeps its own path.
    return "_corolint/%s/%s" % (target.label.name, src.short_path.replace("../", "external/"))

def _analyse_unit(ctx, target, toolchain, features, compilation, src, copts, config):
    name = _unit_name(target, src)
    database = ctx.actions.declare_file(name + ".compile_commands.json")
    summaries = ctx.actions.declare_directory(name + ".summaries")
    report = ctx.actions.declare_file(name + ".corolint.txt")

    # One entry, relative to the execution root, which is the action's working directory.
    ctx.actions.write(database, json.encode([{
        "directory": ".",
        "file": src.path,
        "arguments": _compile_command(ctx, toolchain, features, compilation, src, copts),
    }]))
    args = ctx.actions.args()
    args.add("-p", database)
    args.add_all(["--path-root", "."])
    args.add("--summaries", summaries.path)
    args.add("-o", report)
    args.add_all(["-j", "1", "--no-cache", "--quiet", "--exit-zero"])
    if config:
        args.add("--config", config)
    ctx.actions.run(
        executable = ctx.executable._corolint,
        arguments = [args],
        inputs = depset([src, database] + ([config] if config else []), transitive = [compilation.headers, toolchain.all_files]),
        outputs = [summaries, report],
        mnemonic = "Corolint",
        progress_message = "corolint %s" % src.short_path,
    )
    return summaries

def _link(ctx, target, summaries, files, config):
    reports = []
    for format, extension in [("text", "txt"), ("json", "json"), ("sarif", "sarif")]:
        report = ctx.actions.declare_file("%s.corolint.%s" % (target.label.name, extension))
        args = ctx.actions.args()
        args.add("link")
        args.add("--format", format)
        args.add("-o", report)
        args.add_all(["--source-root", ".", "--quiet", "--exit-zero"])
        if config:
            args.add("--config", config)
        args.add_all(summaries, expand_directories = False)
        args.use_param_file("@%s", use_always = False)
        ctx.actions.run(
            executable = ctx.executable._corolint,
            arguments = [args],
            inputs = depset(([config] if config else []), transitive = [summaries, files]),
            outputs = [report],
            mnemonic = "CorolintLink",
            progress_message = "corolint link %s (%s)" % (target.label, format),
        )
        reports.append(report)
    return reports

def _config(ctx):
    files = ctx.files._config
    if len(files) > 1:
        fail("--@corolint//:config names %d files; it must name one .corolint.json" % len(files))
    return files[0] if files else None

def _corolint_aspect_impl(target, ctx):
    deps = [dep[CorolintInfo] for dep in getattr(ctx.rule.attr, "deps", []) if CorolintInfo in dep]
    own_summaries = []
    own_files = []
    if CcInfo in target and ctx.rule.kind in ["cc_library", "cc_binary", "cc_test"]:
        toolchain = find_cpp_toolchain(ctx)
        features = cc_common.configure_features(
            ctx = ctx,
            cc_toolchain = toolchain,
            requested_features = ctx.features,
            unsupported_features = ctx.disabled_features,
        )
        compilation = target[CcInfo].compilation_context
        copts = getattr(ctx.rule.attr, "copts", [])
        config = _config(ctx)
        for src in _sources(ctx.rule.attr):
            own_summaries.append(_analyse_unit(ctx, target, toolchain, features, compilation, src, copts, config))
            own_files.append(src)
        own_files_depset = depset(own_files, transitive = [compilation.headers])
    else:
        own_files_depset = depset(own_files)
    summaries = depset(own_summaries, transitive = [d.summaries for d in deps])
    files = depset(transitive = [own_files_depset] + [d.files for d in deps])
    has_units = bool(own_summaries) or any([d.has_units for d in deps])
    reports = _link(ctx, target, summaries, files, _config(ctx)) if has_units else []
    return [
        CorolintInfo(summaries = summaries, files = files, has_units = has_units),
        OutputGroupInfo(
            corolint_report = depset(reports),
            corolint_summaries = summaries,
        ),
    ]

corolint_aspect = aspect(
    implementation = _corolint_aspect_impl,
    attr_aspects = ["deps"],
    fragments = ["cpp"],
    attrs = {
        "_cc_toolchain": attr.label(default = Label("@bazel_tools//tools/cpp:current_cc_toolchain")),
        "_corolint": attr.label(default = Label("//:corolint"), executable = True, cfg = "exec"),
        "_config": attr.label(default = Label("//:config"), allow_files = True),
    },
    toolchains = ["@bazel_tools//tools/cpp:toolchain_type"],
)
