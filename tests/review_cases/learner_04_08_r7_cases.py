# ruff: noqa  (the reviewer's script, kept as written so it compares with the review)
"""Review cases for lessons 04-08 (l0408). Run with the clone's .venv python from the repo root copy.
Labels starting with WRONG are answers that should be rejected; others should be accepted.
Part 3 (capstone) trains ~30 small models: several minutes on 2 CPU cores.

The independent learner review of lessons 04-08, round 7, kept as its reviewer wrote it except for eight labels
(each says why: four forms refused with a message, four the review itself found defensible), a tally
by label in show() and the exit status (1 when a check accepts a WRONG answer, rejects a right one or
raises); part 3 runs only with --heavy (tests/review_cases/test_review_scripts.py runs parts 1-2); and the
repository found from this file's place.

Run from the course root:  .venv/bin/python tests/review_cases/learner_04_08_r7_cases.py [--heavy]"""
import os, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.environ.get("COURSE_REPO") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import numpy as np
import keras
from keras import layers
import time
from utils.lessons import lesson04, lesson05, lesson06, lesson07, lesson08
from utils import shapes
from utils.shapes import dense_params

TALLY = {"ok": 0, "false_negative": [], "false_positive": [], "raised": []}


def _finish():
    print(TALLY)
    bad = TALLY["false_negative"] or TALLY["false_positive"] or TALLY["raised"]
    print("FAIL" if bad else "ok")
    sys.exit(1 if bad else 0)


def show(label, result):
    if isinstance(result, BaseException) or not hasattr(result, "correct"):
        TALLY["raised"].append(label)
    elif label.startswith("WRONG") == bool(result.correct):
        TALLY["false_positive" if label.startswith("WRONG") else "false_negative"].append(label)
    else:
        TALLY["ok"] += 1
    status = getattr(result, "status", result)
    msg = getattr(result, "message", "")
    det = getattr(result, "details", [])
    print(f"[{status:>13}] {label}: {msg} {' | '.join(det)}"[:400])

REPO = os.environ.get("COURSE_REPO") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# ---------- 4.1
show("4.1 13*13*16", lesson04.check_flatten_length(13*13*16))
show("4.1 int64 numpy", lesson04.check_flatten_length(np.int64(2704)))
show("4.1 float 2704.0", lesson04.check_flatten_length(2704.0))
show("4.1 via shapes.trace", lesson04.check_flatten_length(shapes.trace((28,28,1),[shapes.conv(16,3),shapes.pool(2),shapes.flatten()])[-1].shape[1]))
show("WRONG (form) 4.1 a shape (None, 2704) for a length: told to give the number", lesson04.check_flatten_length((None, 2704)))
show("WRONG 4.1 same padding 3136", lesson04.check_flatten_length(3136))
show("WRONG 4.1 no pool 10816", lesson04.check_flatten_length(10816))
show("WRONG 4.1 ceil pool 14*14*16? (=3136 same)", lesson04.check_flatten_length(13*13))
show("WRONG 4.1 2704.5", lesson04.check_flatten_length(2704.5))
show("WRONG 4.1 shape (13,13,16)", lesson04.check_flatten_length((13,13,16)))
show("WRONG 4.1 string '2704'", lesson04.check_flatten_length("2704"))
# ---------- 4.2
show("4.2 2704*64+64", lesson04.check_dense_params(2704*64+64))
show("4.2 dense_params", lesson04.check_dense_params(dense_params(2704,64)))
show("4.2 (2704+1)*64", lesson04.check_dense_params((2704+1)*64))
show("4.2 keras build", (lambda d: (d.build((None,2704)), lesson04.check_dense_params(d.count_params()))[1])(keras.layers.Dense(64)))
show("WRONG 4.2 no bias", lesson04.check_dense_params(2704*64))
show("WRONG 4.2 whole model", lesson04.check_dense_params(173930))
show("WRONG 4.2 3136*64+64", lesson04.check_dense_params(3136*64+64))
show("WRONG 4.2 (2704)*(64+1)", lesson04.check_dense_params(2704*65))
# ---------- 4.3
good = [((None,30,20,8),224),((None,15,10,8),0),((None,13,6,16),1936),((None,6,3,16),0),((None,288),0),((None,10),2890)]
show("4.3 solution", lesson04.check_summary(good))
show("4.3 with Input row", lesson04.check_summary([((None,30,20,3),0)]+good))
show("4.3 dict rows", lesson04.check_summary([{"shape":s,"params":p} for s,p in good]))
show("4.3 list shapes", lesson04.check_summary([[list(s),p] for s,p in good]))
m = keras.Sequential([keras.Input(shape=(30,20,3)), keras.layers.Conv2D(8,3,padding="same"), keras.layers.MaxPooling2D(2),
    keras.layers.Conv2D(16,(3,5)), keras.layers.MaxPooling2D(2), keras.layers.Flatten(), keras.layers.Dense(10)])
show("4.3 from keras layers (output.shape KerasTensor shape)", lesson04.check_summary([(l.output.shape, l.count_params()) for l in m.layers]))
show("4.3 Input row as (30,20,3) no batch", lesson04.check_summary([((30,20,3),0)]+good))
bad = list(good); bad[2] = ((None,13,6,16), 3*3*8*16+16)
show("WRONG 4.3 3x3 kernel params", lesson04.check_summary(bad))
bad = list(good); bad[2] = ((None,11,8,16),1936); bad[3]=((None,5,4,16),0); bad[4]=((None,320),0); bad[5]=((None,10),3210)
show("WRONG 4.3 kernel (5,3) swapped, chain", lesson04.check_summary(bad))
bad = list(good); bad[3] = ((None,7,3,16),0); bad[4]=((None,336),0); bad[5]=((None,10),3370)
show("WRONG 4.3 ceil pooling", lesson04.check_summary(bad))
show("WRONG 4.3 no batch axis", lesson04.check_summary([(s[1:],p) for s,p in good]))
bad = list(good); bad[1] = ((None,15,10,8),72)
show("WRONG 4.3 pool params", lesson04.check_summary(bad))
bad = [((None,30,20,8),224),((None,15,10,8),0),((None,13,6,16),1936),((None,6,3,16),0),((None,10),2890)]
show("WRONG 4.3 Flatten row omitted", lesson04.check_summary(bad))

# ---------- 5.1
show("5.1 tuple", lesson05.check_keepdims_shape((None,512,1,1)))
show("5.1 list", lesson05.check_keepdims_shape([None,512,1,1]))
show("5.1 compute_output_shape", lesson05.check_keepdims_shape(keras.layers.GlobalMaxPooling2D(data_format="channels_first", keepdims=True).compute_output_shape((None,512,7,7))))
show("5.1 KerasTensor.shape", lesson05.check_keepdims_shape(keras.layers.GlobalMaxPooling2D(data_format="channels_first", keepdims=True)(keras.Input((512,7,7))).shape))
show("WRONG 5.1 channels_last", lesson05.check_keepdims_shape((None,1,1,512)))
show("WRONG 5.1 no keepdims", lesson05.check_keepdims_shape((None,512)))
show("WRONG 5.1 batch 1", lesson05.check_keepdims_shape((1,512,1,1)))
show("WRONG 5.1 (None,512,1)", lesson05.check_keepdims_shape((None,512,1)))
# ---------- 5.2
show("5.2 solution", lesson05.check_avg_max_function(lambda x: np.concatenate([x.mean(axis=(1,2)), x.max(axis=(1,2))], axis=-1)))
show("5.2 hstack", lesson05.check_avg_max_function(lambda x: np.hstack([np.mean(x,(1,2)), np.amax(x,(1,2))])))
show("5.2 keras layers", lesson05.check_avg_max_function(lambda x: keras.layers.Concatenate()([keras.layers.GlobalAveragePooling2D()(x), keras.layers.GlobalMaxPooling2D()(x)])))
show("5.2 reshape", lesson05.check_avg_max_function(lambda x: np.concatenate([x.reshape(len(x),-1,x.shape[-1]).mean(1), x.reshape(len(x),-1,x.shape[-1]).max(1)], 1)))
show("5.2 loops", lesson05.check_avg_max_function(lambda x: np.array([[x[n,:,:,c].mean() for c in range(x.shape[3])]+[x[n,:,:,c].max() for c in range(x.shape[3])] for n in range(x.shape[0])])))
show("WRONG 5.2 max first", lesson05.check_avg_max_function(lambda x: np.concatenate([x.max(axis=(1,2)), x.mean(axis=(1,2))], axis=-1)))
show("WRONG 5.2 stack", lesson05.check_avg_max_function(lambda x: np.stack([x.mean(axis=(1,2)), x.max(axis=(1,2))], axis=-1)))
show("WRONG 5.2 mean of max axis1 then 2", lesson05.check_avg_max_function(lambda x: np.concatenate([x.mean(axis=(1,2)), x.max(axis=1).mean(axis=1)], axis=-1)))
show("WRONG 5.2 axis 0", lesson05.check_avg_max_function(lambda x: np.concatenate([x.mean(axis=(0,1)), x.max(axis=(0,1))], axis=-1)))
show("WRONG 5.2 median", lesson05.check_avg_max_function(lambda x: np.concatenate([np.median(x,axis=(1,2)), x.max(axis=(1,2))], axis=-1)))

# ---------- 6.1
a, b = np.array(lesson06.SCORES_A), np.array(lesson06.SCORES_B)
lead = abs(a.mean()-b.mean()); spread = max(a.std(ddof=1), b.std(ddof=1))
show("6.1 solution", lesson06.check_seed_verdict(lead, spread, bool(lead>spread)))
show("6.1 np.bool_", lesson06.check_seed_verdict(lead, spread, lead>spread))
import statistics
show("6.1 statistics module", lesson06.check_seed_verdict(abs(statistics.mean(a)-statistics.mean(b)), max(statistics.stdev(a), statistics.stdev(b)), False))
show("6.1 rounded 0.003, 0.009", lesson06.check_seed_verdict(0.003, 0.009, False))
show("6.1 rounded 0.0034, 0.0088", lesson06.check_seed_verdict(0.0034, 0.0088, False))
show("WRONG 6.1 ddof0", lesson06.check_seed_verdict(lead, max(a.std(), b.std()), False))
show("WRONG 6.1 seed 0", lesson06.check_seed_verdict(abs(a[0]-b[0]), spread, False))
show("WRONG 6.1 real True", lesson06.check_seed_verdict(lead, spread, True))
show("WRONG 6.1 pooled std of all 10", lesson06.check_seed_verdict(lead, np.concatenate([a,b]).std(ddof=1), False))
show("WRONG 6.1 std of mean (sem)", lesson06.check_seed_verdict(lead, spread/np.sqrt(5), False))
show("WRONG 6.1 real as string", lesson06.check_seed_verdict(lead, spread, "False"))
# ---------- 6.2
show("6.2 set", lesson06.check_flaws({"B","C","D"}))
show("6.2 string", lesson06.check_flaws("B, C and D"))
show("6.2 list lower", lesson06.check_flaws(["b","c","d"]))
show("6.2 'b, c, d (a, e and f are not flaws)'", lesson06.check_flaws("b, c, d (a, e and f are not flaws)"))
show("WRONG (ambiguous prose) 6.2 'B C D; E is bad advice': E is named outside a negation", lesson06.check_flaws("B C D; E is bad advice"))
show("6.2 'bcd - all else is fine'", lesson06.check_flaws("bcd - all else is fine"))
show("WRONG 6.2 B C", lesson06.check_flaws({"B","C"}))
show("WRONG 6.2 all", lesson06.check_flaws("ABCDEF"))
show("WRONG 6.2 B C D E", lesson06.check_flaws({"B","C","D","E"}))
show("WRONG 6.2 'B, C, D, and A'", lesson06.check_flaws("B, C, D, and A"))
# ---------- 7.1
show("7.1 solution", lesson07.check_flatten_mb(lambda h,w,c,u: dense_params(h*w*c,u)*4/1e6))
show("7.1 (hwc+1)*u*4/1e6", lesson07.check_flatten_mb(lambda h,w,c,u: (h*w*c+1)*u*4/1e6))
show("7.1 np.float32 itemsize", lesson07.check_flatten_mb(lambda h,w,c,u: (h*w*c*u+u)*np.dtype('float32').itemsize/1_000_000))
show("7.1 returns np array size 1", lesson07.check_flatten_mb(lambda h,w,c,u: np.array([(h*w*c*u+u)*4/1e6])))
show("7.1 integer division by 1000 then 1000", lesson07.check_flatten_mb(lambda h,w,c,u: (h*w*c*u+u)*4/1000/1000))
show("WRONG 7.1 MiB", lesson07.check_flatten_mb(lambda h,w,c,u: (h*w*c*u+u)*4/2**20))
show("WRONG 7.1 no bias", lesson07.check_flatten_mb(lambda h,w,c,u: (h*w*c*u)*4/1e6))
show("WRONG 7.1 rounded", lesson07.check_flatten_mb(lambda h,w,c,u: round((h*w*c*u+u)*4/1e6, 1)))
show("WRONG 7.1 float64", lesson07.check_flatten_mb(lambda h,w,c,u: (h*w*c*u+u)*8/1e6))
show("WRONG 7.1 GB", lesson07.check_flatten_mb(lambda h,w,c,u: (h*w*c*u+u)*4/1e9))
# ---------- 7.2
x_ncl = np.random.default_rng(6).normal(size=(4,2,100)).astype("float32")
show("7.2 transpose", lesson07.check_channels_last(np.transpose(x_ncl,(0,2,1)), x_ncl))
show("7.2 moveaxis", lesson07.check_channels_last(np.moveaxis(x_ncl,1,-1), x_ncl))
show("7.2 swapaxes", lesson07.check_channels_last(x_ncl.swapaxes(1,2), x_ncl))
show("7.2 Permute layer", lesson07.check_channels_last(keras.layers.Permute((2,1))(x_ncl), x_ncl))
show("7.2 einsum", lesson07.check_channels_last(np.einsum('ncl->nlc', x_ncl), x_ncl))
show("WRONG 7.2 reshape", lesson07.check_channels_last(x_ncl.reshape(4,100,2), x_ncl))
show("WRONG 7.2 .T", lesson07.check_channels_last(x_ncl.T, x_ncl))
show("WRONG 7.2 channels reversed", lesson07.check_channels_last(np.transpose(x_ncl,(0,2,1))[..., ::-1], x_ncl))
show("WRONG 7.2 time reversed", lesson07.check_channels_last(np.transpose(x_ncl,(0,2,1))[:, ::-1], x_ncl))
# ---------- 8.1
show("8.1 12", lesson08.check_max_filters(12))
show("8.1 np.int64(12)", lesson08.check_max_filters(np.int64(12)))
show("8.1 float 12.0", lesson08.check_max_filters(12.0))
show("8.1 solve formula (5000-1258)//305", lesson08.check_max_filters((5000-1258)//305))
show("WRONG 8.1 13", lesson08.check_max_filters(13))
show("WRONG 8.1 15 (24x24)", lesson08.check_max_filters(15))
show("WRONG 8.1 11", lesson08.check_max_filters(11))
show("WRONG 8.1 12.27 unfloored", lesson08.check_max_filters((5000-1258)/305))

# ================= part 2: model exercises 5.3, 5.4, 7.3, 7.4 =================
S = keras.Sequential; I = keras.Input
keras.utils.set_random_seed(0)
# ---------- 5.3
def body(): return [I((None,None,1)), layers.Conv2D(8,3,padding="same",activation="relu"), layers.MaxPooling2D(2),
                    layers.Conv2D(16,3,padding="same",activation="relu")]
show("5.3 solution adaptive avg 2x2", lesson05.check_position_model(S(body()+[layers.AdaptiveAveragePooling2D(2), layers.Flatten(), layers.Dense(4, activation="softmax")])))
show("5.3 adaptive max 2x2", lesson05.check_position_model(S(body()+[layers.AdaptiveMaxPooling2D(2), layers.Flatten(), layers.Dense(4, activation="softmax")])))
show("5.3 adaptive avg 3x3", lesson05.check_position_model(S(body()+[layers.AdaptiveAveragePooling2D(3), layers.Flatten(), layers.Dense(4, activation="softmax")])))
show("5.3 Resizing(16,16)+Flatten", lesson05.check_position_model(S([I((None,None,1)), layers.Resizing(16,16), layers.Conv2D(4,3,padding="same",activation="relu"), layers.MaxPooling2D(4), layers.Flatten(), layers.Dense(4, activation="softmax")])))
inp = I((None,None,1)); x = layers.Conv2D(8,3,padding="same",activation="relu")(inp)
x = layers.Concatenate()([layers.Flatten()(layers.AdaptiveAveragePooling2D(2)(x)), layers.GlobalMaxPooling2D()(x)])
show("5.3 functional adaptive2x2 + gmp concat", lesson05.check_position_model(keras.Model(inp, layers.Dense(4, activation="softmax")(x))))
show("5.3 adaptive on raw pixels, no conv", lesson05.check_position_model(S([I((None,None,1)), layers.AdaptiveAveragePooling2D(2), layers.Flatten(), layers.Dense(4, activation="softmax")])))
show("WRONG 5.3 GAP head", lesson05.check_position_model(S(body()+[layers.GlobalAveragePooling2D(), layers.Dense(4, activation="softmax")])))
show("WRONG 5.3 adaptive (2,1)", lesson05.check_position_model(S(body()+[layers.AdaptiveAveragePooling2D((2,1)), layers.Flatten(), layers.Dense(4, activation="softmax")])))
show("WRONG 5.3 no softmax", lesson05.check_position_model(S(body()+[layers.AdaptiveAveragePooling2D(2), layers.Flatten(), layers.Dense(4)])))
show("WRONG 5.3 fixed 48x48 Flatten", lesson05.check_position_model(S([I((48,48,1)), layers.Conv2D(4,3,padding="same"), layers.MaxPooling2D(8), layers.Flatten(), layers.Dense(4, activation="softmax")])))
show("WRONG 5.3 15x15 conv + GAP (padding leak)", lesson05.check_position_model(S([I((None,None,1)), layers.Conv2D(8,15,padding="same",activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(4, activation="softmax")])))
show("5.3 adaptive 4x4x32: 2,372 parameters, within the 3,000 budget (the reviewer's WRONG was a miscount)", lesson05.check_position_model(S([I((None,None,1)), layers.Conv2D(32,3,padding="same",activation="relu"), layers.AdaptiveAveragePooling2D(4), layers.Flatten(), layers.Dense(4, activation="softmax")])))
show("WRONG 5.3 valid conv 17 (vanishes on 16x16)", lesson05.check_position_model(S([I((None,None,1)), layers.Conv2D(4,17), layers.AdaptiveAveragePooling2D(2), layers.Flatten(), layers.Dense(4, activation="softmax")])))
# ---------- 5.4
show("5.4 solution NiN", lesson05.check_tiny_model(S([I((None,None,1)), layers.Conv2D(16,3,padding="same",activation="relu"), layers.Conv2D(10,1), layers.GlobalAveragePooling2D(), layers.Activation("softmax")])))
show("5.4 conv8 + GAP + Dense softmax", lesson05.check_tiny_model(S([I((None,None,1)), layers.Conv2D(8,3,activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax")])))
show("5.4 conv16 + GMP + Dense logits", lesson05.check_tiny_model(S([I((None,None,1)), layers.Conv2D(16,3,padding="same",activation="relu"), layers.GlobalMaxPooling2D(), layers.Dense(10)])))
inp = I((None,None,1)); x = layers.Conv2D(8,3,padding="same",activation="relu")(inp)
x = layers.Concatenate()([layers.GlobalAveragePooling2D()(x), layers.GlobalMaxPooling2D()(x)])
show("5.4 avg+max concat functional", lesson05.check_tiny_model(keras.Model(inp, layers.Dense(10, activation="softmax")(x))))
show("5.4 AdaptiveAveragePooling2D(1)+Flatten", lesson05.check_tiny_model(S([I((None,None,1)), layers.Conv2D(8,3,activation="relu"), layers.AdaptiveAveragePooling2D(1), layers.Flatten(), layers.Dense(10, activation="softmax")])))
show("5.4 SeparableConv2D body", lesson05.check_tiny_model(S([I((None,None,1)), layers.Conv2D(8,3,activation="relu"), layers.SeparableConv2D(16,3,activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax")])))
show("WRONG 5.4 Resizing + Flatten", lesson05.check_tiny_model(S([I((None,None,1)), layers.Resizing(8,8), layers.Conv2D(2,3,activation="relu"), layers.Flatten(), layers.Dense(10, activation="softmax")])))
show("WRONG 5.4 GAP on raw pixels", lesson05.check_tiny_model(S([I((None,None,1)), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax")])))
show("WRONG 5.4 1x1 convs only", lesson05.check_tiny_model(S([I((None,None,1)), layers.Conv2D(16,1,activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax")])))
show("WRONG 5.4 over budget", lesson05.check_tiny_model(S([I((None,None,1)), layers.Conv2D(64,3,activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax")])))
show("WRONG 5.4 sigmoid output", lesson05.check_tiny_model(S([I((None,None,1)), layers.Conv2D(8,3,activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="sigmoid")])))
show("WRONG 5.4 fixed input 32x32", lesson05.check_tiny_model(S([I((32,32,1)), layers.Conv2D(8,3,activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax")])))
show("5.4 Dense(10) softmax then GAP (per-pixel softmax averaged; the review calls accepting it defensible)", lesson05.check_tiny_model(S([I((None,None,1)), layers.Conv2D(8,3,activation="relu"), layers.Dense(10, activation="softmax"), layers.GlobalAveragePooling2D()])))
show("5.4 Conv2D(10,3) relu + GAP, no softmax (relu-logits; the review calls accepting it defensible)", lesson05.check_tiny_model(S([I((None,None,1)), layers.Conv2D(10,3,activation="relu"), layers.GlobalAveragePooling2D()])))
# ---------- 7.3
def emb_body(emb=50): 
    inp = I((None,), dtype="int32"); return inp, layers.Embedding(emb, 8)(inp)
inp, x = emb_body(); x = layers.Conv1D(16,3,activation="relu")(x); x = layers.GlobalMaxPooling1D()(x)
show("7.3 solution", lesson07.check_variable_length_model(keras.Model(inp, layers.Dense(1, activation="sigmoid")(x))))
show("7.3 Sequential GAP1D same padding", lesson07.check_variable_length_model(S([I((None,), dtype="int32"), layers.Embedding(50,8), layers.Conv1D(16,5,padding="same",activation="relu"), layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid")])))
show("7.3 Embedding(100) bigger vocab", lesson07.check_variable_length_model(S([I((None,), dtype="int32"), layers.Embedding(100,8), layers.Conv1D(16,3,activation="relu"), layers.GlobalMaxPooling1D(), layers.Dense(1, activation="sigmoid")])))
class Sub(keras.Model):
    def __init__(s):
        super().__init__(); s.e=layers.Embedding(50,8); s.c=layers.Conv1D(8,3,activation="relu"); s.p=layers.GlobalMaxPooling1D(); s.d=layers.Dense(1, activation="sigmoid")
    def call(s, x): return s.d(s.p(s.c(s.e(x))))
show("WRONG (form) 7.3 subclassed and unbuilt: told to build it", lesson07.check_variable_length_model(Sub()))
show("WRONG 7.3 one-hot via CategoryEncoding? (Input float, no Embedding) -> expect reject", lesson07.check_variable_length_model(S([I((None,1)), layers.Conv1D(16,3,activation="relu"), layers.GlobalMaxPooling1D(), layers.Dense(1, activation="sigmoid")])))
show("WRONG 7.3 Flatten fixed 200", lesson07.check_variable_length_model(S([I((200,), dtype="int32"), layers.Embedding(50,8), layers.Conv1D(16,3), layers.Flatten(), layers.Dense(1, activation="sigmoid")])))
show("WRONG 7.3 Embedding(49)", lesson07.check_variable_length_model(S([I((None,), dtype="int32"), layers.Embedding(49,8), layers.Conv1D(16,3), layers.GlobalMaxPooling1D(), layers.Dense(1, activation="sigmoid")])))
show("WRONG 7.3 softmax 1 unit", lesson07.check_variable_length_model(S([I((None,), dtype="int32"), layers.Embedding(50,8), layers.Conv1D(16,3), layers.GlobalMaxPooling1D(), layers.Dense(1, activation="softmax")])))
show("WRONG 7.3 kernel 10 vanishes at 9", lesson07.check_variable_length_model(S([I((None,), dtype="int32"), layers.Embedding(50,8), layers.Conv1D(16,10), layers.GlobalMaxPooling1D(), layers.Dense(1, activation="sigmoid")])))
show("WRONG 7.3 Dense(2) softmax", lesson07.check_variable_length_model(S([I((None,), dtype="int32"), layers.Embedding(50,8), layers.Conv1D(16,3), layers.GlobalMaxPooling1D(), layers.Dense(2, activation="softmax")])))
show("WRONG 7.3 no conv (Embedding+GAP)", lesson07.check_variable_length_model(S([I((None,), dtype="int32"), layers.Embedding(50,8), layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid")])))
# ---------- 7.4
def m74(*hidden, mask=True, pool=None, after=()):
    inp = I((None,), dtype="int32"); x = layers.Embedding(50,8,mask_zero=mask)(inp)
    for h in hidden: x = h(x)
    x = (pool or layers.GlobalAveragePooling1D())(x)
    for h in after: x = h(x)
    return keras.Model(inp, layers.Dense(1, activation="sigmoid")(x))
show("7.4 solution Dense", lesson07.check_padding_proof_model(m74(layers.Dense(16, activation="relu"))))
show("7.4 LSTM return_sequences", lesson07.check_padding_proof_model(m74(layers.LSTM(8, return_sequences=True))))
show("7.4 TimeDistributed(Dense)+Dropout", lesson07.check_padding_proof_model(m74(layers.TimeDistributed(layers.Dense(8, activation="relu")), layers.Dropout(0.2))))
show("7.4 LayerNormalization + Dense", lesson07.check_padding_proof_model(m74(layers.Dense(8), layers.LayerNormalization())))
inp = I((None,), dtype="int32"); e = layers.Embedding(50,8,mask_zero=True)(inp); a = layers.MultiHeadAttention(2,4)(e, e)
show("7.4 MultiHeadAttention", lesson07.check_padding_proof_model(keras.Model(inp, layers.Dense(1, activation="sigmoid")(layers.GlobalAveragePooling1D()(a)))))
show("WRONG 7.4 no mask_zero", lesson07.check_padding_proof_model(m74(layers.Dense(16, activation="relu"), mask=False)))
show("WRONG 7.4 Conv1D hidden", lesson07.check_padding_proof_model(m74(layers.Conv1D(16,3,padding="same",activation="relu"))))
show("WRONG 7.4 GMP1D", lesson07.check_padding_proof_model(m74(layers.Dense(16, activation="relu"), pool=layers.GlobalMaxPooling1D())))
show("WRONG 7.4 hidden after pooling", lesson07.check_padding_proof_model(m74(after=(layers.Dense(16, activation="relu"),))))
show("7.4 BatchNormalization hidden (Keras 3's BatchNormalization takes the mask: padded steps stay out of its statistics)", lesson07.check_padding_proof_model(m74(layers.Dense(8), layers.BatchNormalization())))
show("WRONG? 7.4 Activation only (no weights hidden)", lesson07.check_padding_proof_model(m74(layers.Activation("tanh"))))
# conv with mask passed by hand
inp = I((None,), dtype="int32"); e = layers.Embedding(50,8)(inp); c = layers.Conv1D(8,3,padding="same")(e)
p = layers.GlobalAveragePooling1D()(c, mask=keras.ops.not_equal(inp, 0))
show("WRONG 7.4 Conv1D + manual mask", lesson07.check_padding_proof_model(keras.Model(inp, layers.Dense(1, activation="sigmoid")(p))))

# ---- extra
class Sub2(keras.Model):
    def __init__(s):
        super().__init__(); s.e=layers.Embedding(50,8); s.c=layers.Conv1D(8,3,activation="relu"); s.p=layers.GlobalMaxPooling1D(); s.d=layers.Dense(1, activation="sigmoid")
    def call(s, x): return s.d(s.p(s.c(s.e(x))))
m = Sub2(); m(np.ones((2, 20), "int32"))
show("7.3 subclassed, called once on 20 tokens", lesson07.check_variable_length_model(m))
S = keras.Sequential; I = keras.Input
show("WRONG 5.3 over budget (2 convs 32 + adaptive 2x2)", lesson05.check_position_model(S([I((None,None,1)), layers.Conv2D(32,3,padding="same"), layers.Conv2D(32,3,padding="same"), layers.AdaptiveAveragePooling2D(2), layers.Flatten(), layers.Dense(4, activation="softmax")])))
show("WRONG 5.3 adaptive 2x2 then GAP", lesson05.check_position_model(S([I((None,None,1)), layers.Conv2D(8,3,padding="same",activation="relu"), layers.AdaptiveAveragePooling2D(2), layers.GlobalAveragePooling2D(), layers.Dense(4, activation="softmax")])))

if "--heavy" not in sys.argv:
    _finish()
# ================= part 3: capstone 8.2-8.5 (trains models) =================
from utils import data
x_train, y_train, x_val, y_val, x_test, y_test = data.digits_on_canvas(canvas=24, copies=2)
def train(model, epochs=12, x=None, y=None):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True)
    return model.fit(x_train if x is None else x, y_train if y is None else y, validation_data=(x_val, y_val), epochs=epochs,
                     batch_size=64, callbacks=[stop], verbose=0)
S, I = keras.Sequential, keras.Input
def conv(f): return layers.Conv2D(f, 3, padding="same", activation="relu")
def build(ls):
    keras.utils.set_random_seed(0); return S([I((24,24,1)), *ls])
T0 = time.time()
def timed(label, fn):
    t = time.time(); r = fn(); show(label + f" ({time.time()-t:.0f}s)", r); return r

# ---- 8.2 Flatten designs
a1 = build([conv(12), layers.MaxPooling2D(2), conv(24), layers.MaxPooling2D(6), layers.Flatten(), layers.Dense(10, activation="softmax")]); train(a1)
timed("8.2 solution", lambda: lesson08.check_design_a(a1, train))
a2 = build([conv(8), layers.MaxPooling2D(2), conv(16), layers.MaxPooling2D(2), conv(16), layers.MaxPooling2D(3), layers.Flatten(), layers.Dense(10, activation="softmax")]); train(a2)
timed("8.2 three blocks 8/16/16 + pool3 (4,218)", lambda: lesson08.check_design_a(a2, train))
a3 = build([conv(12), layers.MaxPooling2D(2), conv(24), layers.AveragePooling2D(6), layers.Flatten(), layers.Dense(10, activation="softmax")]); train(a3)
timed("8.2 AveragePooling2D(6) before Flatten", lambda: lesson08.check_design_a(a3, train))
a4 = build([conv(12), layers.MaxPooling2D(2), conv(24), layers.MaxPooling2D(4), layers.Flatten(), layers.Dense(10, activation="softmax")]); train(a4)
timed("8.2 MaxPooling2D(4): 3x3 map (2,986+?)", lambda: lesson08.check_design_a(a4, train))
# wrong 8.2
naive = build([layers.Conv2D(3,3,padding="same",activation="relu"), layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(10, activation="softmax")]); train(naive)
timed("WRONG 8.2 naive Flatten head", lambda: lesson08.check_design_a(naive, train))
noconv = build([layers.Flatten(), layers.Dense(8, activation="relu"), layers.Dense(10, activation="softmax")]); train(noconv)
timed("WRONG 8.2 no convolution", lambda: lesson08.check_design_a(noconv, train))
one = build([conv(12), layers.MaxPooling2D(2), conv(24), layers.MaxPooling2D(12), layers.Flatten(), layers.Dense(10, activation="softmax")]); train(one)
timed("WRONG 8.2 Flatten of a 1x1 map (global pooling in disguise)", lambda: lesson08.check_design_a(one, train))
over = build([conv(16), layers.MaxPooling2D(2), conv(32), layers.MaxPooling2D(3), layers.Flatten(), layers.Dense(10, activation="softmax")])
timed("WRONG 8.2 over budget, untrained", lambda: lesson08.check_design_a(over, train))
logit = build([conv(12), layers.MaxPooling2D(2), conv(24), layers.MaxPooling2D(6), layers.Flatten(), layers.Dense(10)]); train(logit)
timed("WRONG 8.2 no softmax trained with from_logits=False", lambda: lesson08.check_design_a(logit, train))
# ---- 8.3
b1 = build([conv(12), layers.MaxPooling2D(2), conv(24), layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax")]); train(b1)
timed("8.3 solution", lambda: lesson08.check_design_b(b1, train))
b2 = build([conv(8), layers.MaxPooling2D(2), conv(16), layers.MaxPooling2D(2), conv(24), layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax")]); train(b2)
timed("8.3 planned 3 blocks + GMP (4,978)", lambda: lesson08.check_design_b(b2, train))
keras.utils.set_random_seed(0)
inp = I((24,24,1)); x = conv(12)(inp); x = layers.MaxPooling2D(2)(x); x = layers.Conv2D(24,3,padding="same")(x); x = layers.Activation("relu")(x)
x = layers.Concatenate()([layers.GlobalAveragePooling2D()(x), layers.GlobalMaxPooling2D()(x)])
b3 = keras.Model(inp, layers.Dense(10, activation="softmax")(x)); train(b3)
timed("8.3 functional avg+max concat", lambda: lesson08.check_design_b(b3, train))
b4 = build([conv(12), layers.MaxPooling2D(2), conv(24), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax")]); train(b4)
timed("8.3? GAP version of solution (slow head)", lambda: lesson08.check_design_b(b4, train))
# wrong 8.3
w1 = build([conv(12), layers.MaxPooling2D(2), conv(24), layers.GlobalMaxPooling2D(keepdims=True), layers.Flatten(), layers.Dense(10, activation="softmax")])
timed("WRONG 8.3 GMP keepdims + Flatten (untrained)", lambda: lesson08.check_design_b(w1, train))
w2 = build([layers.Conv2D(4,3,padding="same",activation="relu"), layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax")]); train(w2)
timed("WRONG 8.3 one tiny conv + GMP (too weak)", lambda: lesson08.check_design_b(w2, train))
# trained on test, judged without train (leak guard)
leak = build([conv(12), layers.MaxPooling2D(2), conv(24), layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax")])
train(leak, epochs=12, x=np.concatenate([x_train, x_test]), y=np.concatenate([y_train, y_test]))
timed("WRONG 8.3 trained on train+TEST, checked without train (leak guard?)", lambda: lesson08.check_design_b(leak))
timed("8.3 same leak model WITH train (copies retrained: design is fine)", lambda: lesson08.check_design_b(leak, train))
# ---- 8.4
timed("8.4 solution Sequential(*b1.layers)", lambda: lesson08.check_any_size(S([I((None,None,1)), *b1.layers])))
inp = I((None,None,1)); y = inp
for l in b1.layers: y = l(y)
timed("8.4 functional reuse of b1 layers", lambda: lesson08.check_any_size(keras.Model(inp, y)))
timed("8.4 reuse b3 (avg+max) via layer calls", lambda: lesson08.check_any_size((lambda i: keras.Model(i, b3.layers[-1](b3.layers[-2]([b3.layers[-4](b3.layers[4](b3.layers[3](b3.layers[2](b3.layers[1](i))))), b3.layers[-3](b3.layers[4](b3.layers[3](b3.layers[2](b3.layers[1](i)))))]))))(I((None,None,1)))))
timed("WRONG 8.4 design_a layers (Flatten)", lambda: lesson08.check_any_size(S([I((None,None,1)), *a1.layers])))
timed("WRONG 8.4 fresh untrained any-size model", lambda: lesson08.check_any_size(S([I((None,None,1)), conv(12), layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax")])))
timed("WRONG 8.4 design_b itself (fixed 24x24 input)", lambda: lesson08.check_any_size(b1))
# ---- 8.5
s1 = build([conv(6), layers.MaxPooling2D(2), conv(12), layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax")]); train(s1)
timed("8.5 solution 850", lambda: lesson08.check_smallest(s1, train))
s2 = build([layers.SeparableConv2D(8,3,padding="same",activation="relu"), layers.MaxPooling2D(2), layers.SeparableConv2D(16,3,padding="same",activation="relu"), layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax")]); train(s2)
timed(f"8.5 separable convs ({s2.count_params()})", lambda: lesson08.check_smallest(s2, train))
s3 = build([layers.Conv2D(2,3,padding="same",activation="relu"), layers.MaxPooling2D(2), layers.Conv2D(4,3,padding="same",activation="relu"), layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax")]); train(s3)
timed(f"WRONG 8.5 too small 2/4 ({s3.count_params()})", lambda: lesson08.check_smallest(s3, train))
print("total", time.time()-T0)
_finish()
