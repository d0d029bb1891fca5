# The native kernel addon (see native/README.md). The kernels in native/kernels/ are compiled once per
# instruction set into static libraries with their own flags; native/runtime/dispatch.c picks the widest
# one the CPU supports at load time. Build with `npm run build:native` (scripts/build-native.mjs).
{
  "variables": {
    "kernel_sources": [
      "native/kernels/batchnorm.c",
      "native/kernels/conv.c",
      "native/kernels/conv_depthwise.c",
      "native/kernels/depthwise_norm.c",
      "native/kernels/elementwise.c",
      "native/kernels/elementwise_extra.c",
      "native/kernels/gemm.c",
      "native/kernels/layernorm.c",
      "native/kernels/mbconv.c",
      "native/kernels/movement.c",
      "native/kernels/pool1d.c",
      "native/kernels/recurrent.c",
      "native/kernels/reduce.c",
      "native/kernels/softmax.c",
      "native/kernels/table.c"
    ],
    "common_cflags": ["-std=gnu11", "-O3", "-fPIC", "-fno-math-errno", "-fno-trapping-math", "-fvisibility=hidden"]
  },
  "target_defaults": {
    "defines": ["NAPI_VERSION=8"],
    "cflags": ["<@(common_cflags)"],
    "cflags!": ["-O0", "-O2"],
    "xcode_settings": { "OTHER_CFLAGS": ["<@(common_cflags)"] },
    "conditions": [
      ["target_arch=='x64'", { "defines": ["ECG_HAVE_X86_ISAS"] }]
    ]
  },
  "targets": [
    {
      "target_name": "ecg_kernels_scalar",
      "type": "static_library",
      "sources": ["<@(kernel_sources)"]
    },
    {
      "target_name": "efficientecg",
      "sources": [
        "native/addon/addon.c",
        "native/addon/args.c",
        "native/addon/bind_data.c",
        "native/addon/bind_depthwise_norm.c",
        "native/addon/bind_elementwise.c",
        "native/addon/bind_linalg.c",
        "native/addon/bind_norm.c",
        "native/addon/bind_recurrent.c",
        "native/runtime/dispatch.c",
        "native/runtime/pool.c",
        "native/runtime/scratch.c"
      ],
      "dependencies": ["ecg_kernels_scalar"],
      "libraries": ["-lpthread", "-lm"],
      "conditions": [
        ["target_arch=='x64'", { "dependencies": ["ecg_kernels_avx2", "ecg_kernels_avx512"] }]
      ]
    }
  ],
  "conditions": [
    ["target_arch=='x64'", {
      "targets": [
        {
          "target_name": "ecg_kernels_avx2",
          "type": "static_library",
          "sources": ["<@(kernel_sources)"],
          "defines": ["ECG_ISA_AVX2"],
          "cflags": ["-mavx2", "-mfma"],
          "xcode_settings": { "OTHER_CFLAGS": ["-mavx2", "-mfma"] }
        },
        {
          "target_name": "ecg_kernels_avx512",
          "type": "static_library",
          "sources": ["<@(kernel_sources)"],
          "defines": ["ECG_ISA_AVX512"],
          "cflags": ["-mavx2", "-mfma", "-mavx512f", "-mavx512dq", "-mavx512bw", "-mavx512vl", "-mprefer-vector-width=512"],
          "xcode_settings": {
            "OTHER_CFLAGS": ["-mavx2", "-mfma", "-mavx512f", "-mavx512dq", "-mavx512bw", "-mavx512vl", "-mprefer-vector-width=512"]
          }
        }
      ]
    }]
  ]
}
