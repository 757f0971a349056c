// One test class at a time in this assembly. TorchSharp 0.107 hands the native address of a Scalar it
// converts implicitly (the alpha of Tensor.add, Adam's addcmul_ value, ...) to libtorch and may let the
// garbage collector finalise that Scalar during the native call; a collection started by another thread
// then frees it while libtorch reads it ("Expected false to be true" from Scalar::toFloat, seen once in a
// training test running beside another class). Run alone, a test leaves few other threads allocating, so
// such a collection becomes rare; the fault itself is TorchSharp's and stays.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
