// Each flow test makes and destroys its own zfs-fuse pool and mounts; zfs-fuse was seen to leave
// mounts unanswered while another pool was destroyed, so these tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
