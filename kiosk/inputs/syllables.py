"""Split typed pinyin letters into syllables, so picking 张 for ``zhangsan`` leaves ``san``.

Pure and tiny (the keyboard widget imports it): the syllable set is luna-pinyin's own, taken from
``/usr/share/rime-data/luna_pinyin.dict.yaml``.
"""

from __future__ import annotations

from functools import lru_cache

SYLLABLES = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bu ca cai can
cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai
chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di
dia dian diao die din ding diu dong dou du duan dui dun duo e eh ei en eng er fa fan fang fei fen
feng fiao fo fong fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui
gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia
jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong
kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie
lin ling liu lo long lou lu luan lun luo lv lvan lve ma mai man mang mao me mei men meng mi mian
miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nia nian niang niao nie
nin ning niu nong nou nu nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pia pian
piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran
rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se sei sen seng sha shai
shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song
sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan
tui tun tuo wa wai wan wang wei wen weng wo wong wu xi xia xian xiang xiao xie xin xing xiong xiu
xu xuan xue xun ya yai yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang
zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai
zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
""".split())
_INITIALS = ("zh", "ch", "sh")


@lru_cache(maxsize=256)
def split_keys(keys: str) -> tuple[str, ...]:
    """Fewest pieces: whole syllables cost 1, a lone initial (``z``, ``zh``) costs 2."""
    keys = keys.replace("'", "")
    best: list[tuple[int, tuple[str, ...]] | None] = [None] * (len(keys) + 1)
    best[0] = (0, ())
    for start in range(len(keys)):
        if best[start] is None:
            continue
        cost, pieces = best[start]
        for end in range(min(len(keys), start + 6), start, -1):
            piece = keys[start:end]
            if piece in SYLLABLES:
                step = 1
            elif len(piece) == 1 or piece in _INITIALS:
                step = 2
            else:
                continue
            candidate = (cost + step, pieces + (piece,))
            if best[end] is None or candidate[0] < best[end][0]:
                best[end] = candidate
    return best[-1][1] if best[-1] else (keys,)


def rest_after(keys: str, picked: str) -> str:
    """The letters still to convert after a candidate of ``len(picked)`` characters is chosen."""
    pieces = split_keys(keys)
    return "".join(pieces[len(picked):])
