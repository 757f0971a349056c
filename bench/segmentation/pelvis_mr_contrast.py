# Pelvic MR contrast check: for each case folder written by `radcnn phantom pelvis-mr` (mr/*.dcm and
# seg.dcm), the 99th-percentile scale the uterus network divides by, and on that scale the uterus's mean
# signal, that of a 4-voxel ring around it and that of the rest of the body: shows whether the uterus is
# darker or brighter than its surroundings (first eight cases of each folder).
# Usage (inside ./radcnn exec: pydicom, numpy, scipy): python3 bench/segmentation/pelvis_mr_contrast.py DIR [DIR...]
import sys, glob, os, numpy as np, pydicom
def load(case):
    files=[pydicom.dcmread(f) for f in glob.glob(os.path.join(case,'mr','*.dcm'))]
    n=np.array(files[0].ImageOrientationPatient,float); n=np.cross(n[:3],n[3:])
    files.sort(key=lambda d: float(np.dot(n,np.array(d.ImagePositionPatient,float))))
    vol=np.stack([d.pixel_array.astype(np.float32) for d in files])
    uid={d.SOPInstanceUID:i for i,d in enumerate(files)}
    seg=pydicom.dcmread(os.path.join(case,'seg.dcm'))
    px=seg.pixel_array
    if px.ndim==2: px=px[None]
    lab=np.zeros(vol.shape,np.uint8)
    for f,fg in enumerate(seg.PerFrameFunctionalGroupsSequence):
        s=int(fg.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
        ref=fg.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        m=px[f]>0
        lab[uid[ref]][m]=np.maximum(lab[uid[ref]][m],s)
    return vol,lab,files[0]
def main():
    for root in sys.argv[1:]:
        print('==',root)
        for case in sorted(glob.glob(os.path.join(root,'*/')))[:8]:
            vol,lab,d=load(case)
            flat=vol.ravel()[::max(1,vol.size//400000)]
            p99=np.sort(flat)[int(round(0.99*(len(flat)-1)))]
            v=np.clip(vol/p99,0,2)
            ut=v[lab>=1]; bg=v[(lab==0)&(vol>0.05*p99)]
            # ring around uterus: dilate
            from scipy import ndimage
            ring=ndimage.binary_dilation(lab>=1,iterations=4)&(lab==0)
            orient='sag' if abs(d.ImageOrientationPatient[0])<0.5 else 'ax'
            print(f"{os.path.basename(case.rstrip('/'))} {orient} p99={p99:.0f} med={np.median(vol):.0f} uterus mean={ut.mean():.3f} p10-90=({np.percentile(ut,10):.2f},{np.percentile(ut,90):.2f}) ring={v[ring].mean():.3f} body={bg.mean():.3f} frac>1={np.mean(v>1):.3f} uterusvox={len(ut)}")

if __name__ == '__main__':
    main()
